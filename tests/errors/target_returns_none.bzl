def nothing():
    return None

register_target("exe", nothing)
