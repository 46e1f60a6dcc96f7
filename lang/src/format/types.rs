//! Layout of type expressions: record types break one field per line (and stay so when the
//! author wrote them that way), unions break before each `|`.

use super::doc::{Doc, Docs};
use super::layout::Layout;
use super::seq::{Elem, ListStyle};
use crate::syntax::Lexeme;
use crate::syntax::ast::{Path, TypeExpr, TypeKind};

impl<'a> Layout<'a> {
    /// A type with the comments before it and the parentheses around it.
    pub fn ty(&mut self, t: &TypeExpr) -> Doc<'a> {
        self.guarded(|l| l.parenthesized(t.span, |l| l.ty_kind(t)))
    }

    /// A dotted name.
    pub fn path(&mut self, p: &Path) -> Doc<'a> {
        let mut out = Docs::new();
        for (i, seg) in p.segments.iter().enumerate() {
            if i > 0 {
                out.text(".");
            }
            out.push(self.leading(seg.span.start));
            out.push(self.src(seg.span));
        }
        out.build()
    }

    fn ty_kind(&mut self, t: &TypeExpr) -> Doc<'a> {
        match &t.kind {
            TypeKind::Named { name, args, max } => {
                let mut out = Docs::new();
                out.push(self.path(name));
                if !args.is_empty() {
                    // Type arguments never break by themselves: a record among them breaks
                    // inside its braces (`list<{` ... `}>`).
                    out.text("<");
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            out.text(", ");
                        }
                        out.push(self.ty(a));
                    }
                    if let Some(max) = max {
                        out.text(", ");
                        out.push(self.leading(max.span.start));
                        out.text("max ");
                        out.push(self.leading(max.number.start));
                        out.text(max.value.to_string());
                    }
                    out.push(self.leading(t.span.end.saturating_sub(1)));
                    out.text(">");
                }
                out.build()
            }
            TypeKind::Record { fields, open } => {
                let open_end = self
                    .find_after(t.span.start, Lexeme::LBrace)
                    .map_or(t.span.start, |s| s.end);
                let close = t.span.end.saturating_sub(1);
                let mut elems: Vec<Elem<'_, 'a>> = fields
                    .iter()
                    .map(|f| {
                        let span = f.name.span.to(self.outer(f.ty.span));
                        Elem::new(span, move |l: &mut Layout<'a>| {
                            let mut out = Docs::new();
                            out.push(l.src(f.name.span));
                            out.text(if f.optional { "?: " } else { ": " });
                            out.push(l.ty(&f.ty));
                            out.build()
                        })
                    })
                    .collect();
                let first = elems.first().map(|e| e.span.start);
                if *open {
                    let after = fields
                        .last()
                        .map_or(open_end, |f| self.outer(f.ty.span).end);
                    if let Some(dots) = self.find_after(after, Lexeme::DotDot) {
                        let mut elem = Elem::new(dots, |_: &mut Layout<'a>| Doc::text(".."));
                        elem.comma = false;
                        elems.push(elem);
                    }
                }
                let first = first.or_else(|| elems.first().map(|e| e.span.start));
                let expand = first.is_some_and(|f| self.newline_between(open_end, f));
                self.comma_list(
                    Doc::text("{"),
                    open_end,
                    elems,
                    "}",
                    close,
                    ListStyle { pad: true, expand },
                )
            }
            TypeKind::Literal(_) | TypeKind::Error => self.src(t.span),
            TypeKind::Optional(inner) => {
                let mut out = Docs::new();
                out.push(self.ty(inner));
                out.push(self.leading(t.span.end.saturating_sub(1)));
                out.text("?");
                out.build()
            }
            TypeKind::Union(members) => {
                let mut out = Docs::new();
                let mut rest = Docs::new();
                let mut prev_end = 0;
                for (i, m) in members.iter().enumerate() {
                    if i == 0 {
                        out.push(self.ty(m));
                    } else {
                        let pipe = self
                            .token_after(prev_end)
                            .map_or(prev_end, |t| t.span.start);
                        rest.push(self.before_token(prev_end, pipe).unwrap_or_else(Doc::nil));
                        rest.push(Doc::Line).text("| ").push(self.ty(m));
                    }
                    prev_end = self.outer(m.span).end;
                }
                out.push(Doc::nest(rest.build()));
                Doc::group(out.build())
            }
        }
    }
}
