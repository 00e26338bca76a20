def make():
    return PythonInterpreterConfig(profile = "isolated", sys_frozen = 1)

register_target("exe", make)
