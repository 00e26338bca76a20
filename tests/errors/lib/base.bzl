X = PythonInterpreterConfig(run_module = "base")
