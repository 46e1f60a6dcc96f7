//! The answers to requests, one function each: they read a snapshot (`Built`) and convert
//! between the library's byte offsets and the protocol's positions. They run on a blocking
//! thread; a newer edit cancels them (see `Backend::query`).

use crate::convert::{Encoding, Lines, diagnostic};
use crate::workspace::Built;
use palisade::diagnostics::codes;
use palisade::ide::{CompletionKind, RenameRefused, SymbolKind};
use palisade::{FileId, FormatOptions, Span};
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

pub fn hover(built: &Built, encoding: Encoding, params: &HoverParams) -> Option<Hover> {
    let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
    let hover = built.snapshot.hover(file, offset)?;
    let text = built.snapshot.text(file)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(Lines::new(text).range(hover.span, encoding)),
    })
}

pub fn goto_definition(
    built: &Built,
    encoding: Encoding,
    params: &GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
    let target = built.snapshot.definition(file, offset)?;
    location(built, target.file, target.span, encoding).map(GotoDefinitionResponse::Scalar)
}

pub fn goto_type_definition(
    built: &Built,
    encoding: Encoding,
    params: &GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
    let places: Vec<Location> = built
        .snapshot
        .type_definition(file, offset)
        .into_iter()
        .filter_map(|l| location(built, l.file, l.span, encoding))
        .collect();
    (!places.is_empty()).then_some(GotoDefinitionResponse::Array(places))
}

pub fn selection_range(
    built: &Built,
    encoding: Encoding,
    params: &SelectionRangeParams,
) -> Option<Vec<SelectionRange>> {
    let file = built.file_id(&params.text_document.uri)?;
    let lines = Lines::new(built.snapshot.text(file)?);
    let ranges = params
        .positions
        .iter()
        .map(|p| {
            let offset = u32::try_from(lines.offset(*p, encoding)).unwrap_or(u32::MAX);
            let chain = built.snapshot.selection_ranges(file, offset);
            // Outermost first, each the parent of the next.
            let mut range: Option<SelectionRange> = None;
            for span in chain.iter().rev() {
                range = Some(SelectionRange {
                    range: lines.range(*span, encoding),
                    parent: range.map(Box::new),
                });
            }
            range.unwrap_or(SelectionRange {
                range: Range::new(*p, *p),
                parent: None,
            })
        })
        .collect();
    Some(ranges)
}

pub fn references(
    built: &Built,
    encoding: Encoding,
    params: &ReferenceParams,
) -> Option<Vec<Location>> {
    let (file, offset) = at(built, &params.text_document_position, encoding)?;
    let refs = built
        .snapshot
        .references(file, offset, params.context.include_declaration);
    Some(
        refs.into_iter()
            .filter_map(|l| location(built, l.file, l.span, encoding))
            .collect(),
    )
}

pub fn document_highlight(
    built: &Built,
    encoding: Encoding,
    params: &DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
    let lines = Lines::new(built.snapshot.text(file)?);
    Some(
        built
            .snapshot
            .highlights(file, offset)
            .into_iter()
            .map(|l| DocumentHighlight {
                range: lines.range(l.span, encoding),
                kind: None,
            })
            .collect(),
    )
}

pub fn document_symbol(
    built: &Built,
    encoding: Encoding,
    params: &DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let file = built.file_id(&params.text_document.uri)?;
    let lines = Lines::new(built.snapshot.text(file)?);
    #[expect(deprecated, reason = "the `deprecated` field must still be given")]
    let symbols = built
        .snapshot
        .symbols(file)
        .into_iter()
        .map(|s| DocumentSymbol {
            name: s.name,
            detail: s.detail,
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range: lines.range(s.span, encoding),
            selection_range: lines.range(s.selection, encoding),
            children: None,
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// Completions; snippets (`count($1)`) only for clients that support them.
pub fn completion(
    built: &Built,
    encoding: Encoding,
    params: &CompletionParams,
    snippets: bool,
) -> Option<CompletionResponse> {
    let (file, offset) = at(built, &params.text_document_position, encoding)?;
    if let Some(items) = import_completions(built, file, offset) {
        return Some(CompletionResponse::Array(items));
    }
    let items = built
        .snapshot
        .completions(file, offset)
        .into_iter()
        .enumerate()
        .map(|(rank, c)| CompletionItem {
            label: c.label,
            kind: Some(completion_kind(c.kind)),
            detail: c.detail,
            sort_text: Some(format!("{rank:05}")),
            insert_text: c.snippet.filter(|_| snippets),
            insert_text_format: Some(if snippets {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

pub fn formatting(
    built: &Built,
    encoding: Encoding,
    params: &DocumentFormattingParams,
) -> Option<Vec<TextEdit>> {
    let file = built.file_id(&params.text_document.uri)?;
    let text = built.snapshot.text(file)?;
    let formatted = palisade::format(text, &FormatOptions::default()).ok()?;
    if formatted == text {
        return Some(Vec::new());
    }
    let whole = Span::new(0, text.len());
    Some(vec![TextEdit::new(
        Lines::new(text).range(whole, encoding),
        formatted,
    )])
}

pub fn range_formatting(
    built: &Built,
    encoding: Encoding,
    params: &DocumentRangeFormattingParams,
) -> Option<Vec<TextEdit>> {
    let file = built.file_id(&params.text_document.uri)?;
    let text = built.snapshot.text(file)?;
    let lines = Lines::new(text);
    let range = lines.span(params.range, encoding);
    match palisade::format_range(text, range, &FormatOptions::default()).ok()? {
        Some(r) => Some(vec![TextEdit::new(lines.range(r.span, encoding), r.text)]),
        None => Some(Vec::new()),
    }
}

pub fn signature_help(
    built: &Built,
    encoding: Encoding,
    params: &SignatureHelpParams,
) -> Option<SignatureHelp> {
    let (file, offset) = at(built, &params.text_document_position_params, encoding)?;
    let help = built.snapshot.signature_help(file, offset)?;
    // Parameter ranges are sent as UTF-16 offsets into the label.
    let units = |byte: usize| {
        let prefix = help.label.get(..byte).unwrap_or("");
        u32::try_from(prefix.encode_utf16().count()).unwrap_or(u32::MAX)
    };
    let parameters = help
        .parameters
        .iter()
        .map(|(a, b)| ParameterInformation {
            label: ParameterLabel::LabelOffsets([units(*a), units(*b)]),
            documentation: None,
        })
        .collect();
    Some(SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label.clone(),
            documentation: help.documentation.clone().map(Documentation::String),
            parameters: Some(parameters),
            active_parameter: u32::try_from(help.active).ok(),
        }],
        active_signature: Some(0),
        active_parameter: u32::try_from(help.active).ok(),
    })
}

/// The semantic tokens of a file (the server numbers the result and keeps it for deltas).
pub fn semantic_tokens(built: &Built, encoding: Encoding, uri: &Uri) -> Option<Vec<SemanticToken>> {
    let file = built.file_id(uri)?;
    let text = built.snapshot.text(file)?;
    Some(crate::tokens::encode(
        text,
        &built.snapshot.highlights_of(file),
        encoding,
    ))
}

pub fn code_action(
    built: &Built,
    encoding: Encoding,
    params: &CodeActionParams,
) -> Option<CodeActionResponse> {
    let file = built.file_id(&params.text_document.uri)?;
    let text = built.snapshot.text(file)?;
    let lines = Lines::new(text);
    let wanted = lines.span(params.range, encoding);
    let locate = |f: FileId, s: Span| location(built, f, s, encoding);
    let (lines, uri) = (&lines, &params.text_document.uri);
    let actions = built
        .snapshot
        .diagnostics_of(file)
        .filter(|d| d.span.start <= wanted.end && wanted.start <= d.span.end)
        .flat_map(|d| {
            let shown = diagnostic(d, lines, encoding, &locate);
            let mut fixes: Vec<(String, Vec<(Span, String)>)> = d
                .fixes
                .iter()
                .map(|f| (f.title.clone(), f.edits.clone()))
                .collect();
            // An alias used without its import reads as an unknown name or type.
            if [codes::UNKNOWN_NAME, codes::UNKNOWN_TYPE].contains(&d.code) {
                fixes.extend(import_fixes(
                    built,
                    file,
                    text.get(d.span.range()).unwrap_or(""),
                ));
            }
            let preferred = fixes.len() == 1;
            fixes.into_iter().map(move |(title, edits)| {
                let edits = edits
                    .into_iter()
                    .map(|(span, new)| TextEdit::new(lines.range(span, encoding), new))
                    .collect();
                CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    is_preferred: Some(preferred),
                    ..Default::default()
                })
            })
        })
        .collect();
    Some(actions)
}

/// On an `import` line: every package of the workspace and of the library (imported or not),
/// but the file's own.
fn import_completions(built: &Built, file: FileId, offset: u32) -> Option<Vec<CompletionItem>> {
    let text = built.snapshot.text(file)?;
    let before = text.get(..offset as usize)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let typed = line.strip_prefix("import ")?.trim_start();
    if typed.contains(|c: char| !c.is_alphanumeric() && c != '_' && c != '.') {
        return None;
    }
    let own = built
        .snapshot
        .parse(file)
        .and_then(|p| p.file.package.as_ref().map(|p| p.dotted()));
    let mut packages: Vec<String> = built
        .snapshot
        .files()
        .filter_map(|f| {
            built
                .snapshot
                .parse(f)?
                .file
                .package
                .as_ref()
                .map(|p| p.dotted())
        })
        .chain(built.library_packages.iter().cloned())
        .filter(|p| Some(p) != own.as_ref())
        .collect();
    packages.sort();
    packages.dedup();
    // Those that start with what is typed first.
    packages.sort_by_key(|p| !p.starts_with(typed));
    Some(
        packages
            .into_iter()
            .enumerate()
            .map(|(rank, p)| CompletionItem {
                label: p,
                kind: Some(CompletionItemKind::MODULE),
                detail: Some("package".to_owned()),
                sort_text: Some(format!("{rank:05}")),
                ..Default::default()
            })
            .collect(),
    )
}

/// For a package alias used without its import: an import of each package of the workspace
/// or the library whose last name is the alias.
fn import_fixes(built: &Built, file: FileId, alias: &str) -> Vec<(String, Vec<(Span, String)>)> {
    if alias.is_empty() || alias.contains(|c: char| !c.is_alphanumeric() && c != '_') {
        return Vec::new();
    }
    let mut packages: Vec<String> = built
        .snapshot
        .files()
        .filter_map(|f| {
            built
                .snapshot
                .parse(f)?
                .file
                .package
                .as_ref()
                .map(|p| p.dotted())
        })
        .chain(built.library_packages.iter().cloned())
        .filter(|p| p.rsplit('.').next() == Some(alias))
        .collect();
    packages.sort();
    packages.dedup();
    packages
        .into_iter()
        .filter_map(|p| {
            let edit = built.snapshot.import_edit(file, &p)?;
            Some((format!("Import `{p}`"), vec![edit]))
        })
        .collect()
}

pub fn inlay_hint(
    built: &Built,
    encoding: Encoding,
    params: &InlayHintParams,
) -> Option<Vec<InlayHint>> {
    let file = built.file_id(&params.text_document.uri)?;
    let lines = Lines::new(built.snapshot.text(file)?);
    let wanted = lines.span(params.range, encoding);
    Some(
        built
            .snapshot
            .inlay_hints(file)
            .into_iter()
            .filter(|h| wanted.start <= h.offset && h.offset <= wanted.end)
            .map(|h| InlayHint {
                position: lines.position(h.offset as usize, encoding),
                label: InlayHintLabel::String(h.label),
                kind: Some(InlayHintKind::TYPE),
                text_edits: None,
                tooltip: None,
                padding_left: None,
                padding_right: None,
                data: None,
            })
            .collect(),
    )
}

pub fn symbol(
    built: &Built,
    encoding: Encoding,
    params: &WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
    let symbols = built
        .snapshot
        .workspace_symbols(&params.query)
        .into_iter()
        .filter(|(file, _)| built.editable(*file))
        .filter_map(|(file, s)| {
            Some(WorkspaceSymbol {
                name: s.name,
                kind: symbol_kind(s.kind),
                tags: None,
                container_name: built
                    .snapshot
                    .parse(file)
                    .and_then(|p| p.file.package.as_ref().map(|p| p.dotted())),
                location: OneOf::Left(location(built, file, s.selection, encoding)?),
                data: None,
            })
        })
        .collect();
    Some(WorkspaceSymbolResponse::Nested(symbols))
}

pub fn folding_range(
    built: &Built,
    encoding: Encoding,
    params: &FoldingRangeParams,
) -> Option<Vec<FoldingRange>> {
    let file = built.file_id(&params.text_document.uri)?;
    let lines = Lines::new(built.snapshot.text(file)?);
    Some(
        built
            .snapshot
            .folding_ranges(file)
            .into_iter()
            .map(|s| {
                let r = lines.range(s, encoding);
                FoldingRange {
                    start_line: r.start.line,
                    end_line: r.end.line,
                    ..Default::default()
                }
            })
            .collect(),
    )
}

pub fn prepare_rename(
    built: &Built,
    encoding: Encoding,
    params: &TextDocumentPositionParams,
) -> Option<std::result::Result<PrepareRenameResponse, RenameRefused>> {
    let (file, offset) = at(built, params, encoding)?;
    let editable = |f: FileId| built.editable(f);
    let lines = Lines::new(built.snapshot.text(file)?);
    Some(
        built
            .snapshot
            .prepare_rename(file, offset, &editable)
            .map(|span| PrepareRenameResponse::Range(lines.range(span, encoding))),
    )
}

pub fn rename(
    built: &Built,
    encoding: Encoding,
    params: &RenameParams,
) -> Option<std::result::Result<WorkspaceEdit, RenameRefused>> {
    let (file, offset) = at(built, &params.text_document_position, encoding)?;
    let editable = |f: FileId| built.editable(f);
    let places = match built
        .snapshot
        .rename(file, offset, &params.new_name, &editable)
    {
        Ok(places) => places,
        Err(refused) => return Some(Err(refused)),
    };
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for place in places {
        let (Some(uri), Some(text)) = (built.uri(place.file), built.snapshot.text(place.file))
        else {
            continue;
        };
        let range = Lines::new(text).range(place.span, encoding);
        changes
            .entry(uri.clone())
            .or_default()
            .push(TextEdit::new(range, params.new_name.clone()));
    }
    Some(Ok(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

pub(crate) fn location(
    built: &Built,
    file: FileId,
    span: Span,
    encoding: Encoding,
) -> Option<Location> {
    let uri = built.uri(file)?.clone();
    let text = built.snapshot.text(file)?;
    Some(Location::new(uri, Lines::new(text).range(span, encoding)))
}

/// The file and byte offset of a protocol position.
pub(crate) fn at(
    built: &Built,
    position: &TextDocumentPositionParams,
    encoding: Encoding,
) -> Option<(FileId, u32)> {
    let file = built.file_id(&position.text_document.uri)?;
    let text = built.snapshot.text(file)?;
    let offset = Lines::new(text).offset(position.position, encoding);
    Some((file, u32::try_from(offset).unwrap_or(u32::MAX)))
}

fn symbol_kind(kind: SymbolKind) -> tower_lsp_server::ls_types::SymbolKind {
    use tower_lsp_server::ls_types::SymbolKind as K;
    match kind {
        SymbolKind::Package => K::PACKAGE,
        SymbolKind::Import => K::MODULE,
        SymbolKind::Type => K::STRUCT,
        SymbolKind::Constant => K::CONSTANT,
        SymbolKind::Parameter => K::PROPERTY,
        SymbolKind::Data => K::VARIABLE,
        SymbolKind::Function => K::FUNCTION,
        SymbolKind::Rule => K::EVENT,
        SymbolKind::View => K::FUNCTION,
        SymbolKind::Test => K::METHOD,
    }
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Variable => CompletionItemKind::VARIABLE,
        CompletionKind::Constant => CompletionItemKind::CONSTANT,
        CompletionKind::Function | CompletionKind::Builtin | CompletionKind::View => {
            CompletionItemKind::FUNCTION
        }
        CompletionKind::Rule => CompletionItemKind::EVENT,
        CompletionKind::Type => CompletionItemKind::STRUCT,
        CompletionKind::Module => CompletionItemKind::MODULE,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Property => CompletionItemKind::PROPERTY,
    }
}
