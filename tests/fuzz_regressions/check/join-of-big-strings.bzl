def make_exe():
    s = "x" * 1000000
    x = s.join([s] * 10000)
    return 1

register_target("exe", make_exe)
