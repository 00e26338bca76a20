def make_exe()
    return 1
