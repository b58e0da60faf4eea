//! Moving items `levels` modules deeper (into `plain` or `encoded`) breaks
//! their `super::` paths; this adds `levels` more `super`s to each, outside
//! nested modules (whose `super` is still their own parent).

use proc_macro2::{Ident, Punct, Spacing, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};
use syn::{Item, ItemMod, Path, PathSegment, Token, UseTree, VisRestricted};

/// Fixes the `super::` paths of `items`, which moved `levels` modules down.
pub fn deepen(items: &mut [Item], levels: usize) {
    let mut fixer = Deepen { levels, depth: 0 };
    for item in items {
        fixer.visit_item_mut(item);
    }
}

struct Deepen {
    levels: usize,
    /// How many nested `mod`s we are in.
    depth: usize,
}

impl Deepen {
    fn supers(&self, like: &Ident) -> impl Iterator<Item = Ident> {
        std::iter::repeat_n(Ident::new("super", like.span()), self.levels)
    }

    /// `super` in a macro's tokens, where no path has been parsed.
    fn deepen_tokens(&self, tokens: TokenStream) -> TokenStream {
        let mut out = Vec::new();
        let mut after_colons = false;
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) if ident == "super" && !after_colons => {
                    for sup in self.supers(&ident) {
                        out.push(TokenTree::Ident(sup));
                        out.push(Punct::new(':', Spacing::Joint).into());
                        out.push(Punct::new(':', Spacing::Alone).into());
                    }
                    out.push(TokenTree::Ident(ident));
                    after_colons = false;
                }
                TokenTree::Group(group) => {
                    let mut inner = proc_macro2::Group::new(
                        group.delimiter(),
                        self.deepen_tokens(group.stream()),
                    );
                    inner.set_span(group.span());
                    out.push(inner.into());
                    after_colons = false;
                }
                TokenTree::Punct(punct) => {
                    after_colons = punct.as_char() == ':';
                    out.push(punct.into());
                }
                other => {
                    after_colons = false;
                    out.push(other);
                }
            }
        }
        out.into_iter().collect()
    }
}

impl VisitMut for Deepen {
    fn visit_item_mod_mut(&mut self, item: &mut ItemMod) {
        self.depth += 1;
        visit_mut::visit_item_mod_mut(self, item);
        self.depth -= 1;
    }

    fn visit_path_mut(&mut self, path: &mut Path) {
        let starts_with_super = path.leading_colon.is_none()
            && path.segments.first().is_some_and(|s| s.ident == "super");
        if self.depth == 0 && starts_with_super {
            let first = path.segments[0].ident.clone();
            let mut segments: syn::punctuated::Punctuated<PathSegment, Token![::]> =
                self.supers(&first).map(PathSegment::from).collect();
            segments.extend(std::mem::take(&mut path.segments));
            path.segments = segments;
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_vis_restricted_mut(&mut self, vis: &mut VisRestricted) {
        visit_mut::visit_vis_restricted_mut(self, vis);
        if vis.path.segments.len() > 1 && vis.in_token.is_none() {
            vis.in_token = Some(Default::default());
        }
    }

    fn visit_use_tree_mut(&mut self, tree: &mut UseTree) {
        if self.depth > 0 {
            return;
        }
        match tree {
            UseTree::Path(path) if path.ident == "super" => {
                for sup in self.supers(&path.ident).collect::<Vec<_>>() {
                    let inner = std::mem::replace(
                        tree,
                        UseTree::Glob(syn::UseGlob {
                            star_token: Default::default(),
                        }),
                    );
                    *tree = UseTree::Path(syn::UsePath {
                        ident: sup,
                        colon2_token: Default::default(),
                        tree: Box::new(inner),
                    });
                }
            }
            UseTree::Group(group) => {
                for tree in &mut group.items {
                    self.visit_use_tree_mut(tree);
                }
            }
            _ => {}
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if self.depth == 0 {
            mac.tokens = self.deepen_tokens(std::mem::take(&mut mac.tokens));
        }
    }
}
