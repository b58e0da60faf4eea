//! `std::num::Wrapping`. std implements its operators for std's integers
//! only, and no other crate may add them for `Wrapping<AnU32>`; the runtime
//! has its own `Wrapping` with std's operators for std's integers and
//! `AnU32` alike, and `encoded` names that one: imports of std's are
//! retargeted, and so are paths through `std::num` or `core::num`.

use syn::punctuated::Punctuated;
use syn::{Item, ItemUse, Path, UseTree, parse_quote};

/// Replaces imports of std's `Wrapping` among `items` (one module's) with
/// imports of the runtime's.
pub fn retarget_imports(items: &mut Vec<Item>, krate: &Path) {
    let mut imports = Vec::new();
    for item in items.iter_mut() {
        if let Item::Use(import) = item {
            for rename in take_wrapping(&mut import.tree, false) {
                let (attrs, vis) = (&import.attrs, &import.vis);
                let tree: UseTree = match rename {
                    Some(alias) => parse_quote!(Wrapping as #alias),
                    None => parse_quote!(Wrapping),
                };
                let retargeted: ItemUse = parse_quote!(#(#attrs)* #vis use #krate::an::#tree;);
                imports.push(Item::Use(retargeted));
            }
        }
    }
    items.extend(imports);
}

/// Removes `Wrapping` from under `std::num` / `core::num` in `tree`,
/// returning each removed import's alias (`None` for the name itself).
/// `under_num` says whether `tree` is below such a prefix.
fn take_wrapping(tree: &mut UseTree, under_num: bool) -> Vec<Option<syn::Ident>> {
    match tree {
        UseTree::Path(path) => {
            let name = path.ident.to_string();
            let num = matches!(&*path.tree, UseTree::Path(inner) if inner.ident == "num");
            if (name == "std" || name == "core")
                && num
                && let UseTree::Path(inner) = &mut *path.tree
            {
                return take_wrapping(&mut inner.tree, true);
            }
            Vec::new()
        }
        UseTree::Name(name) if under_num && name.ident == "Wrapping" => {
            *tree = UseTree::Group(syn::UseGroup {
                brace_token: Default::default(),
                items: Punctuated::new(),
            });
            vec![None]
        }
        UseTree::Rename(rename) if under_num && rename.ident == "Wrapping" => {
            let alias = rename.rename.clone();
            *tree = UseTree::Group(syn::UseGroup {
                brace_token: Default::default(),
                items: Punctuated::new(),
            });
            vec![Some(alias)]
        }
        UseTree::Group(group) if under_num => {
            let mut taken = Vec::new();
            let items = std::mem::take(&mut group.items);
            for mut item in items {
                let found = take_wrapping(&mut item, true);
                if found.is_empty() {
                    group.items.push(item);
                }
                taken.extend(found);
            }
            taken
        }
        UseTree::Group(group) => group
            .items
            .iter_mut()
            .flat_map(|item| take_wrapping(item, false))
            .collect(),
        _ => Vec::new(),
    }
}

/// `std::num::Wrapping` (or `core::`, with or without a leading `::`) in a
/// path → the runtime's.
pub fn retarget_path(path: &mut Path, krate: &Path) {
    let names = super::types::segment_names(path);
    let is_std = names.len() >= 3
        && (names[0] == "std" || names[0] == "core")
        && names[1] == "num"
        && names[2] == "Wrapping";
    if !is_std {
        return;
    }
    let rest: Vec<_> = path.segments.iter().skip(2).cloned().collect();
    *path = parse_quote!(#krate::an::#(#rest)::*);
}
