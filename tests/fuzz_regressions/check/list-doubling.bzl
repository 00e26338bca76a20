def make_exe():
    x = [1]
    for _ in range(64):
        x = x + x
    return 1

register_target("exe", make_exe)
