load("lib/base.bzl", "X")

def make_exe():
    X.run_module = "mine"
    return X

register_target("exe", make_exe)
