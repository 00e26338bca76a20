//! Apps that `frost build` wrote (its default app folder): their config's `home` is
//! `$ORIGIN`, the executable's folder, which holds the CPython the stub
//! links (`lib/libpython3.X.so.1.0`, found through the stub's `$ORIGIN/lib`
//! search path) and its standard library (`lib/python3.X/`).

use std::ffi::OsString;
use std::path::Path;

use frost_runtime::RuntimeConfig;

/// `home` with `$ORIGIN` replaced by the folder of `exe`.
pub fn expand_home(home: &str, exe: &Path) -> OsString {
    let origin = exe.parent().unwrap_or(Path::new("/")).as_os_str();
    crate::interp::expand_origin(home, origin)
}

/// The config's `home` when it is under the executable's own folder
/// (`$ORIGIN`): the app is a folder `frost build` wrote.
pub fn folder_home(runtime: &RuntimeConfig) -> Option<&str> {
    runtime.config.home.as_deref().filter(|h| h.contains("$ORIGIN"))
}

/// For an app whose `home` is under its own folder: that the standard
/// library is there, so a half-copied app says what is missing in one
/// sentence instead of CPython's fatal error about encodings.
pub fn check(runtime: &RuntimeConfig, exe: &Path) -> Result<(), String> {
    let Some(home) = folder_home(runtime) else { return Ok(()) };
    let home = Path::new(&expand_home(home, exe)).to_path_buf();
    let stdlib = Path::new("lib").join(format!("python{}", crate::PYTHON_VERSION));
    let required = [stdlib.join("encodings"), stdlib.join("lib-dynload")];
    let landmarks = [stdlib.join("os.py"), stdlib.join("os.pyc")];
    let missing = required
        .iter()
        .find(|p| !home.join(p).is_dir())
        .or_else(|| (!landmarks.iter().any(|p| home.join(p).is_file())).then_some(&landmarks[0]));
    match missing {
        None => Ok(()),
        Some(missing) => Err(format!(
            "the app folder {} is incomplete: {} is missing; copy the whole folder that `frost build` wrote",
            home.display(),
            missing.display()
        )),
    }
}

/// For an app folder whose standard library is sourceless bytecode with
/// its sources in one archive (`frost build`'s default layout, see
/// [`frost_runtime::stdlib_sources_archive`]): the standard library's
/// `sys.path` entry and the archive, for boot.py to serve the sources to
/// tracebacks and `inspect`. One `stat` at start-up.
pub fn stdlib_sources(runtime: &RuntimeConfig, exe: &Path) -> Option<(OsString, OsString)> {
    folder_home(runtime)?;
    let archive =
        Path::new(&expand_home("$ORIGIN", exe)).join(frost_runtime::stdlib_sources_archive(crate::PYTHON_VERSION));
    if !archive.is_file() {
        return None;
    }
    let stdlib = crate::interp::expand_search_path(&format!("$ORIGIN/lib/python{}", crate::PYTHON_VERSION), exe);
    Some((stdlib, archive.into_os_string()))
}

/// The CA bundles of Linux distributions, most common first (Debian and
/// Ubuntu, Arch and Alpine; Fedora and RHEL; openSUSE; CentOS 7; others).
const CA_FILES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/ssl/cert.pem",
];

/// The OpenSSL a bundle carries looks for certificates where the build
/// machine's distribution keeps them (`/usr/lib/ssl` on Debian), which
/// another distribution does not have: for an app folder that carries
/// libssl, when neither `SSL_CERT_FILE` nor `SSL_CERT_DIR` is set,
/// `SSL_CERT_FILE` names this machine's CA bundle (before any thread exists).
pub fn point_openssl_at_system_certificates(runtime: &RuntimeConfig, exe: &Path) {
    if folder_home(runtime).is_none() {
        return;
    }
    if std::env::var_os("SSL_CERT_FILE").is_some() || std::env::var_os("SSL_CERT_DIR").is_some() {
        return;
    }
    let lib = Path::new(&expand_home("$ORIGIN", exe)).join("lib");
    if !["libssl.so.3", "libssl.so.1.1"].iter().any(|n| lib.join(n).exists()) {
        return;
    }
    if let Some(found) = CA_FILES.iter().find(|f| Path::new(f).is_file()) {
        std::env::set_var("SSL_CERT_FILE", found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_follows_the_executable() {
        assert_eq!(expand_home("$ORIGIN", Path::new("/opt/app/app")), OsString::from("/opt/app"));
        let exe = Path::new("/opt/renamed/tool");
        let expand = |p| crate::interp::expand_search_path(p, exe);
        assert_eq!(expand("$EXECUTABLE"), OsString::from("/opt/renamed/tool"), "the archive in the executable");
        assert_eq!(expand("$ORIGIN/lib"), OsString::from("/opt/renamed/lib"));
        assert_eq!(expand("$ORIGIN/res.zip"), OsString::from("/opt/renamed/res.zip"));
    }

    #[test]
    fn a_half_copied_app_says_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let mut runtime = RuntimeConfig::new("t", "x86_64-unknown-linux-gnu", crate::PYTHON_VERSION);
        runtime.config.home = Some("$ORIGIN".into());
        let exe = dir.path().join("app");
        let err = check(&runtime, &exe).unwrap_err();
        assert!(err.contains("is incomplete") && err.contains("encodings is missing"), "{err}");
        runtime.config.home = None;
        check(&runtime, &exe).unwrap();
    }
}
