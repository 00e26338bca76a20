def make_exe():
    x = all(range(1, 2000000000))
    return 1

register_target("exe", make_exe)
