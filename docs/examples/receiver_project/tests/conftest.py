import importlib

import pytest


def pytest_addoption(parser):
    parser.addoption("--receiver", default="receiver",
                     help="module whose read_message() is under test (receiver or naive_receiver)")


@pytest.fixture(scope="session")
def read_message(request):
    return importlib.import_module(request.config.getoption("--receiver")).read_message
