//! `[[management]]`: the layers of managers above the reps, each with its
//! span of control and cost.

use super::ctx::Ctx;
use super::names::{check_names, entry_prefix};
use crate::core::dist::Range;
use crate::scenario::Layer;
use crate::scenario::file::{FileLayer, Sp};

pub(super) fn resolve(cx: &mut Ctx<'_>, layers_file: &[Sp<FileLayer>]) -> Vec<Layer> {
    let layer_names = check_names(
        cx,
        "management",
        layers_file
            .iter()
            .enumerate()
            .map(|(i, l)| (i, Some(l.span()), l.get_ref().name.as_ref())),
    );
    let mut management = Vec::new();
    for (i, l) in layers_file.iter().enumerate() {
        let prefix = entry_prefix("management", i, l.get_ref().name.as_ref());
        let lf = l.get_ref();
        let span_path = format!("{prefix}.span");
        if lf.span.is_none() {
            cx.err(
                &span_path,
                Some(l.span()),
                "is required and missing",
                "add span = N: how many people one manager of this layer leads (at least 1)",
            );
        }
        let span = cx.int(lf.span.as_ref(), &span_path, 1, 1, i64::from(u32::MAX)) as u32;
        let key = format!("management.{:?}.annual_cost", layer_names[i]);
        let annual_cost = cx.value(
            lf.annual_cost.as_ref(),
            &format!("{prefix}.annual_cost"),
            &key,
            0.0,
            Range::NonNegative,
        );
        management.push(Layer {
            name: layer_names[i].clone(),
            span,
            annual_cost,
        });
    }

    management
}
