//! Snapshot tests of the expansion, for a reviewer to read what the macro
//! produces: every `#[an_encode]` item of the differential corpus, of the
//! real-world measurement corpus and of the trybuild pass cases, expanded and
//! pretty-printed.

use std::fs;
use std::path::Path;

use quote::ToTokens;
use syn::{Attribute, Item};

/// The expansions of the `#[an_encode]` items of one file.
fn expand_file(path: &Path) -> String {
    let source = fs::read_to_string(path).expect("readable source");
    let file = syn::parse_file(&source).expect("parsable source");
    let mut expansions = Vec::new();
    for mut item in file.items {
        let Some(args) = take_an_encode(&mut item) else {
            continue;
        };
        let expanded = crate::expand::an_encode(args, item.into_token_stream())
            .unwrap_or_else(syn::Error::into_compile_error);
        let file: syn::File = syn::parse2(expanded).expect("the expansion parses");
        expansions.push(prettyplease::unparse(&file));
    }
    expansions.join("\n")
}

/// Removes the `#[an_encode(…)]` attribute, returning its arguments.
fn take_an_encode(item: &mut Item) -> Option<proc_macro2::TokenStream> {
    let attrs: &mut Vec<Attribute> = match item {
        Item::Mod(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        _ => return None,
    };
    let position = attrs.iter().position(|attr| {
        let last = attr.path().segments.last();
        last.is_some_and(|segment| segment.ident == "an_encode")
    })?;
    let attr = attrs.remove(position);
    Some(match attr.meta {
        syn::Meta::List(list) => list.tokens,
        _ => proc_macro2::TokenStream::new(),
    })
}

fn snapshot_dir(dir: &str, prefix: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<_> = fs::read_dir(&root)
        .expect("the directory exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no sources in {}", root.display());
    for path in paths {
        let name = path.file_stem().expect("a file name").to_string_lossy();
        insta::assert_snapshot!(format!("{prefix}__{name}"), expand_file(&path));
    }
}

#[test]
fn corpus() {
    snapshot_dir("../tests/src/corpus", "corpus");
}

#[test]
fn realworld() {
    snapshot_dir("../tests/src/realworld", "realworld");
}

#[test]
fn constructs() {
    snapshot_dir("../tests/ui/pass", "construct");
}
