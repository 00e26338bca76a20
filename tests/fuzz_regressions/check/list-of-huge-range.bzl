def make_exe():
    x = list(range(1000000000))
    return 1

register_target("exe", make_exe)
