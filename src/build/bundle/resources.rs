//! The app's resources in a bundle: each one the plan records (or a pip
//! action produced) is written under its location's prefix, honouring its
//! `add_*` decisions, and each prefix used goes on `sys.path`.

use std::path::{Component, Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use frost_runtime::plan::{AddFlags, PlannedResource, ResourceKind};
use frost_runtime::policy::ResourceLocation;

use super::stage::{Compile, Stage};

/// Where a resource's bytes come from.
pub enum Content<'a> {
    /// A file on the build machine.
    File(PathBuf),
    /// Bytes given in the config (`make_python_module_source`).
    Bytes(&'a [u8]),
}

/// The app's resources, placed as they are added.
pub struct Placer<'s> {
    /// The bundle being assembled.
    pub stage: &'s mut Stage,
    /// Paths relative to the bundle that belong to the runtime (the
    /// executable, libpython, the standard library): a resource may not
    /// replace them.
    pub reserved: Vec<PathBuf>,
    /// The prefixes used, in order of first use, as `$ORIGIN` paths.
    pub search_paths: Vec<String>,
    /// The interpreter's `optimization_level` (the level a sourceless
    /// module is compiled at when it asks for several).
    pub optimization_level: u8,
    /// The `sys.path` entry of the archive in-memory resources go to (the
    /// executable itself, `$EXECUTABLE`, or `$ORIGIN/NAME.zip` beside it),
    /// or `None` when in-memory resources cannot go anywhere:
    /// `packed_resources_load_mode` is `none`, or the config sets
    /// `oxidized_importer = False`.
    pub in_memory: Option<String>,
    /// Whether the config sets `oxidized_importer = False`.
    pub importer_off: bool,
}

/// The folder of the stage in-memory resources are gathered in before
/// they become the archive.
pub const IN_MEMORY_DIR: &str = ".frost-in-memory";

/// A resource as a bundle sees it.
pub struct Item<'a> {
    /// Its type.
    pub kind: ResourceKind,
    /// Its path under its prefix (`pkg/mod.py`, `pkg/data/x.txt`).
    pub rel: PathBuf,
    /// Its decisions.
    pub add: &'a AddFlags,
    /// Its bytes.
    pub content: Content<'a>,
    /// What it is and where it was added, for messages.
    pub what: String,
}

/// The path of a resource under its prefix, from its name and type.
pub fn relative_path(r: &PlannedResource, config_dir: &Path) -> anyhow::Result<PathBuf> {
    let dotted = |s: &str| s.split('.').collect::<PathBuf>();
    Ok(match r.kind {
        ResourceKind::PythonModuleSource if r.is_package => dotted(&r.name).join("__init__.py"),
        ResourceKind::PythonModuleSource => dotted(&r.name).with_extension("py"),
        ResourceKind::PythonPackageResource => dotted(r.package.as_deref().unwrap_or_default()).join(&r.name),
        ResourceKind::PythonPackageDistributionResource => {
            let package = r.package.as_deref().unwrap_or_default();
            let folder = if package.ends_with(".dist-info") || package.ends_with(".egg-info") {
                package.to_string()
            } else {
                format!("{package}.dist-info")
            };
            Path::new(&folder).join(&r.name)
        }
        ResourceKind::PythonExtensionModule => {
            let file = source_file(r, config_dir)
                .ok_or_else(|| anyhow!("extension module `{}` has no file to copy", r.name))?;
            let mut rel = dotted(&r.name);
            rel.set_file_name(file.file_name().unwrap_or_default());
            rel
        }
        ResourceKind::File => PathBuf::from(&r.name),
    })
}

fn source_file(r: &PlannedResource, config_dir: &Path) -> Option<PathBuf> {
    r.source_path.as_deref().map(|p| config_dir.join(p))
}

/// The content of a planned resource: its file, or the source the config gave.
pub fn content<'a>(r: &'a PlannedResource, config_dir: &Path) -> anyhow::Result<Content<'a>> {
    match (source_file(r, config_dir), &r.source) {
        (Some(file), _) => Ok(Content::File(file)),
        (None, Some(source)) => Ok(Content::Bytes(source.as_bytes())),
        (None, None) => bail!("resource `{}` has neither a file nor a source", r.name),
    }
}

/// A resource's name and call site, for messages.
pub fn describe(r: &PlannedResource) -> String {
    match &r.added_at {
        Some(site) => format!("{} `{}` (added at {site})", r.kind.type_name(), r.name),
        None => format!("{} `{}`", r.kind.type_name(), r.name),
    }
}

/// The folder a location's prefix names, checked to stay inside the bundle.
fn prefix_dir(prefix: &str) -> anyhow::Result<PathBuf> {
    let path = PathBuf::from(prefix);
    if path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        bail!("the location `filesystem-relative:{prefix}` leaves the bundle's folder; use a relative prefix such as `lib`");
    }
    Ok(path)
}

impl Placer<'_> {
    /// Places one resource per its decisions.
    pub fn place(&mut self, item: Item) -> anyhow::Result<()> {
        if !item.add.add_include && item.kind != ResourceKind::PythonExtensionModule {
            return Ok(());
        }
        let is_extension = item.kind == ResourceKind::PythonExtensionModule;
        let fallback = match &item.add.add_location_fallback {
            Some(ResourceLocation::FilesystemRelative(p)) => Some(p),
            _ => None,
        };
        let on_disk = match (&item.add.add_location, fallback) {
            (ResourceLocation::FilesystemRelative(p), _) => Some(p),
            (ResourceLocation::InMemory, Some(p)) if is_extension => Some(p),
            (ResourceLocation::InMemory, _) => None,
        };
        let (dir, search) = match on_disk {
            Some(p) => {
                let search = if p.is_empty() { "$ORIGIN".to_string() } else { format!("$ORIGIN/{p}") };
                (prefix_dir(p)?, search)
            }
            None if is_extension => bail!(
                "{} is an extension module, which CPython cannot load from memory; \
                 set `policy.resources_location_fallback = \"filesystem-relative:lib\"` (or the resource's `add_location_fallback`)",
                item.what
            ),
            None => match &self.in_memory {
                Some(entry) => (PathBuf::from(IN_MEMORY_DIR), entry.clone()),
                None if self.importer_off => bail!(
                    "{} is to be loaded from memory, but the interpreter config sets `oxidized_importer = False`, \
                     which leaves the in-memory importer off; set it to True, or set \
                     `policy.resources_location = \"filesystem-relative:lib\"` before `to_python_executable`",
                    item.what
                ),
                None => bail!(
                    "{} is to be loaded from memory, but the executable's `packed_resources_load_mode` is \"none\"; \
                     set `policy.resources_location = \"filesystem-relative:lib\"` before `to_python_executable`",
                    item.what
                ),
            },
        };
        if !self.search_paths.contains(&search) {
            self.search_paths.push(search);
        }
        let in_memory = dir == Path::new(IN_MEMORY_DIR);
        let rel = dir.join(&item.rel);
        if let Some(taken) = self.reserved.iter().find(|r| rel.starts_with(r) || r.starts_with(&rel)) {
            bail!("{} would be written to {}, which is the bundle's own {}", item.what, rel.display(), taken.display());
        }
        let is_source = item.kind == ResourceKind::PythonModuleSource;
        match item.content {
            Content::File(file) => self.stage.copy(&file, &rel).with_context(|| item.what.clone())?,
            Content::Bytes(bytes) => self.stage.write(&rel, bytes)?,
        }
        if is_source {
            let a = item.add;
            let mut levels: Vec<u8> = [
                a.add_bytecode_optimization_level_zero,
                a.add_bytecode_optimization_level_one,
                a.add_bytecode_optimization_level_two,
            ]
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(l, _)| l as u8)
            .collect();
            if (in_memory || !a.add_source) && levels.contains(&self.optimization_level) {
                // zipimport and sourceless modules have room for one `X.pyc`.
                levels = vec![self.optimization_level];
            }
            levels.truncate(if in_memory || !a.add_source { 1 } else { 3 });
            if !a.add_source && levels.is_empty() {
                bail!("{} would be installed with neither its source nor bytecode; keep one", item.what);
            }
            self.stage.compile(Compile { file: rel, source: a.add_source, levels, beside: in_memory, strict: true });
        }
        Ok(())
    }

    /// Places every resource the plan records, in order.
    pub fn place_planned(&mut self, resources: &[PlannedResource], config_dir: &Path) -> anyhow::Result<()> {
        for r in resources {
            let what = describe(r);
            let rel = relative_path(r, config_dir).with_context(|| what.clone())?;
            let content = content(r, config_dir).with_context(|| what.clone())?;
            self.place(Item { kind: r.kind, rel, add: &r.add, content, what })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(name: &str, is_package: bool) -> PlannedResource {
        PlannedResource {
            kind: ResourceKind::PythonModuleSource,
            name: name.into(),
            package: None,
            is_package,
            is_stdlib: false,
            source_path: None,
            source: Some("x = 1\n".into()),
            is_executable: false,
            add: AddFlags::default(),
            added_at: None,
        }
    }

    #[test]
    fn modules_and_package_data_land_where_python_looks() {
        let dir = Path::new("/cfg");
        assert_eq!(relative_path(&module("a.b", false), dir).unwrap(), Path::new("a/b.py"));
        assert_eq!(relative_path(&module("a", true), dir).unwrap(), Path::new("a/__init__.py"));
        let data = PlannedResource {
            kind: ResourceKind::PythonPackageResource,
            package: Some("a.b".into()),
            name: "data/x.txt".into(),
            ..module("", false)
        };
        assert_eq!(relative_path(&data, dir).unwrap(), Path::new("a/b/data/x.txt"));
    }

    #[test]
    fn prefixes_stay_inside_the_bundle() {
        assert!(prefix_dir("lib").is_ok() && prefix_dir("").is_ok());
        assert!(prefix_dir("../x").is_err() && prefix_dir("/abs").is_err());
    }
}
