def make_exe():
    x = 3
    for _ in range(40):
        x = x * x
    return 1

register_target("exe", make_exe)
