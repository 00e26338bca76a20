def make_exe():
    dist = default_python_distribution()
    policy = dist.make_python_packaging_policy()
    config = dist.make_python_interpreter_config()
    config.run_mode = "eval:import app; app.main()"
    exe = dist.to_python_executable(name = "app", packaging_policy = policy)
    return exe

register_target("exe", make_exe, default = True)
resolve_targets()
