def make():
    s = Snap("app", "1.0", "An app", "It does things")
    s.confinement = "loose"
    return s.to_builder()

register_target("t", make)
resolve_targets()
