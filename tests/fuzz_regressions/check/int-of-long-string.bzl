def make_exe():
    x = int("9" * 10000000)
    return 1

register_target("exe", make_exe)
