def make_exe():
    return undefined_name

register_target("exe", make_exe)
