//! `[[products]]`: product lines, each with its motion, gross margin and
//! cross-sell deal size.

use super::ctx::Ctx;
use super::names::{check_names, entry_prefix, unknown_name_fix};
use crate::core::dist::{Dist, Range};
use crate::scenario::Product;
use crate::scenario::file::{FileProduct, Sp};

/// Resolves the products; returns them with their names (`#i` for an
/// entry without a usable name).
pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    products_file: &[Sp<FileProduct>],
    motion_names: &[String],
) -> (Vec<Product>, Vec<String>) {
    let product_names = check_names(
        cx,
        "products",
        products_file
            .iter()
            .enumerate()
            .map(|(i, p)| (i, Some(p.span()), p.get_ref().name.as_ref())),
    );
    let mut products = Vec::new();
    for (i, p) in products_file.iter().enumerate() {
        let pf = p.get_ref();
        let prefix = entry_prefix("products", i, pf.name.as_ref());
        let motion = match &pf.motion {
            None => {
                cx.err(
                    &format!("{prefix}.motion"),
                    Some(p.span()),
                    "every product needs a `motion`",
                    unknown_name_fix("motion", "", motion_names),
                );
                0
            }
            Some(m) => match motion_names.iter().position(|n| n == m.get_ref()) {
                Some(k) => k,
                None => {
                    cx.err(
                        &format!("{prefix}.motion"),
                        Some(m.span()),
                        format!("no motion is named {:?}", m.get_ref()),
                        unknown_name_fix("motion", m.get_ref(), motion_names),
                    );
                    0
                }
            },
        };
        let key = format!("products.{:?}", product_names[i]);
        let gross_margin = cx.value(
            pf.gross_margin.as_ref(),
            &format!("{prefix}.gross_margin"),
            &format!("{key}.gross_margin"),
            0.0,
            Range::Unit,
        );
        let cross_sell_size = match &pf.cross_sell_size {
            None => Dist::Const(0.0),
            Some(v) => cx
                .dist(v, &format!("{prefix}.cross_sell_size"), Range::NonNegative)
                .unwrap_or(Dist::Const(0.0)),
        };
        products.push(Product {
            name: product_names[i].clone(),
            motion,
            gross_margin,
            cross_sell_size,
        });
    }
    (products, product_names)
}
