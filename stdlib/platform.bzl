"""Platform helpers over a target triple.

Every function takes the triple to ask about and defaults to
`BUILD_TARGET_TRIPLE`, the triple the config is evaluated for
(`frost eval --target-triple`).
"""

def os_name(triple = BUILD_TARGET_TRIPLE):
    """The operating system of `triple`: "linux", "macos", "windows", or the triple's own OS field.

    Args:
        triple: a target triple such as "x86_64-unknown-linux-gnu".
    """
    parts = triple.split("-")
    if "windows" in parts:
        return "windows"
    if "darwin" in parts or "apple" in parts:
        return "macos"
    if "linux" in parts:
        return "linux"
    return parts[2] if len(parts) > 2 else parts[-1]

def arch(triple = BUILD_TARGET_TRIPLE):
    """The CPU architecture of `triple`: its first field, such as "x86_64" or "aarch64"."""
    return triple.split("-")[0]

def is_windows(triple = BUILD_TARGET_TRIPLE):
    """Whether `triple` is a Windows target."""
    return os_name(triple) == "windows"

def is_macos(triple = BUILD_TARGET_TRIPLE):
    """Whether `triple` is a macOS target."""
    return os_name(triple) == "macos"

def is_linux(triple = BUILD_TARGET_TRIPLE):
    """Whether `triple` is a Linux target."""
    return os_name(triple) == "linux"

def exe_name(name, triple = BUILD_TARGET_TRIPLE):
    """The file name of an executable called `name` on `triple`: `name + ".exe"` on Windows, `name` elsewhere."""
    if is_windows(triple) and not name.endswith(".exe"):
        return name + ".exe"
    return name

def start_methods(triple = BUILD_TARGET_TRIPLE):
    """The multiprocessing start methods `triple` has: only "spawn" on Windows; "fork", "forkserver" and "spawn" elsewhere."""
    if is_windows(triple):
        return ["spawn"]
    return ["fork", "forkserver", "spawn"]
