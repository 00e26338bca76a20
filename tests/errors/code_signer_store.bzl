def make():
    return code_signer_from_windows_store_subject("Me", store = "mine")

register_target("t", make)
resolve_targets()
