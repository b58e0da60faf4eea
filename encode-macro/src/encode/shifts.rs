//! Shifts in encoded code. A shift with a literal side keeps its operator,
//! which infers the literal's type (`1 << k`, `x >> 3`); any other becomes a
//! call of the runtime's `shl`/`shr`, so that an encoded word shifts by any
//! integer amount and any integer by an encoded amount (`u64 >> k`).

use proc_macro2::{Ident, Span};
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, parse_quote_spanned};

use super::{Encoder, literals};

impl Encoder<'_> {
    /// `x << k` → `shl(x, k)` (and `>>`, `<<=`, `>>=`) when neither side is
    /// a literal, so that an encoded word shifts by any integer amount and
    /// any integer by an encoded amount. A literal side keeps the operator,
    /// which infers its type (`1 << k`, `x >> 3`).
    pub(super) fn shift(&self, binary: &syn::ExprBinary) -> Option<Expr> {
        let (left, right) = (&binary.left, &binary.right);
        // A const context cannot call `shl`: its operators stay.
        if self.in_const || literals::is_literal_only(left) || literals::is_literal_only(right) {
            return None;
        }
        let (krate, span) = (self.krate, binary.span());
        // `(a ^ b) >> k`: an argument needs no parentheses.
        let unparen = |operand: &Expr| match operand {
            Expr::Paren(paren) => (*paren.expr).clone(),
            other => other.clone(),
        };
        let (left, right) = (unparen(left), unparen(right));
        Some(match binary.op {
            BinOp::Shl(_) => parse_quote_spanned!(span=> #krate::__private::shl(#left, #right)),
            BinOp::Shr(_) => parse_quote_spanned!(span=> #krate::__private::shr(#left, #right)),
            // The amount first, as for a primitive `x <<= k`: `k` may read `x`.
            BinOp::ShlAssign(_) | BinOp::ShrAssign(_) => {
                let amount = Ident::new("amount", Span::mixed_site());
                let function = match binary.op {
                    BinOp::ShlAssign(_) => quote_spanned!(span=> shl_assign),
                    _ => quote_spanned!(span=> shr_assign),
                };
                parse_quote_spanned!(span=> {
                    let #amount = #right;
                    #krate::__private::#function(&mut #left, #amount)
                })
            }
            _ => return None,
        })
    }
}
