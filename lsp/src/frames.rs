//! A guard in front of the protocol library: messages from the client are read here first, and
//! only well-formed ones (a `Content-Length` header and a body of that length that is a JSON-RPC
//! request, notification or response) are passed on. A malformed message is reported on
//! standard error and dropped, so one bad message costs that message, not the session: the
//! protocol library stops reading after any message it cannot decode, be it a framing error or
//! a JSON body that is not JSON-RPC (`4`, `{}`).
//!
//! A wrong `Content-Length` must not cost the messages after it either. After a malformed
//! message the reader resynchronises: it looks forward for the next `Content-Length: N` header
//! line and resumes there. The search relies on one fact: a header line (`Content-Length:`,
//! digits, then a raw carriage return or line feed) can never occur inside JSON text, nor inside
//! any contiguous piece of it. Letters outside a string only spell `true`, `false` and `null`,
//! and a string cannot hold a raw line break. So the search never stops inside a good body, and
//! a body that already holds such a line is known to be too long before all its declared bytes
//! have arrived (a client waiting for an answer is not left waiting for bytes that never come).
//!
//! Memory is bounded: a header line longer than [`MAX_HEADER_LINE`] is dropped, the search keeps
//! only a few bytes of what it skips, and a body is buffered only up to [`MAX_MESSAGE`].

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Messages larger than this are refused (and their bytes skipped).
pub const MAX_MESSAGE: usize = 256 << 20;

/// Header lines longer than this (without the line ending) are dropped with their message.
pub const MAX_HEADER_LINE: usize = 8 << 10;

/// How much is read from the input at a time.
const CHUNK: usize = 64 << 10;

/// The name that starts a header line the search resumes at, compared without case.
const MARKER: &[u8] = b"content-length:";

/// The longest header line (up to and including its line ending) the search recognises.
const MAX_MARKER_LINE: usize = 64;

/// Copies well-formed messages from `input` to `output` until `input` ends.
pub async fn filter(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut frames = Frames::new(input);
    while let Some(body) = frames.next().await {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
}

/// The messages of one input, read through a buffer that can be searched and rewound.
struct Frames<R> {
    input: R,
    /// Bytes read but not consumed start at `start`.
    buf: Vec<u8>,
    start: usize,
    /// Whether the input has ended (or failed).
    ended: bool,
}

/// What one header line turned out to be.
enum Line {
    /// A line of this many bytes (without its line feed) is buffered.
    Text(usize),
    /// No line feed within [`MAX_HEADER_LINE`] bytes.
    TooLong,
    /// The input ended.
    End,
}

/// Why a message was dropped (a reason for the log), or that the input ended.
enum Fault {
    Dropped(String),
    End,
}

/// Where the search found a header line.
enum Found {
    /// A complete header line starts here.
    At(usize),
    /// Something that may become a header line starts here, once more bytes arrive.
    Partial(usize),
    /// Nothing: none starts before the last few bytes, which may begin one.
    Nothing,
}

impl<R: AsyncRead + Unpin> Frames<R> {
    fn new(input: R) -> Frames<R> {
        Frames {
            input,
            buf: Vec::new(),
            start: 0,
            ended: false,
        }
    }

    /// The bytes read and not yet consumed.
    fn pending(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.buf.len());
    }

    /// Reads more input; false once the input has ended.
    async fn fill(&mut self) -> bool {
        if self.ended {
            return false;
        }
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.reserve(CHUNK);
        match self.input.read_buf(&mut self.buf).await {
            Ok(0) | Err(_) => {
                self.ended = true;
                false
            }
            Ok(_) => true,
        }
    }

    /// The next well-formed message body, or `None` once the input has ended.
    async fn next(&mut self) -> Option<Vec<u8>> {
        loop {
            match self.message().await {
                Ok(body) => return Some(body),
                Err(Fault::End) => return None,
                Err(Fault::Dropped(reason)) => {
                    eprintln!("palisade lsp: dropped {reason}");
                    if !self.resync().await {
                        return None;
                    }
                }
            }
        }
    }

    /// Reads one message. When it is malformed, what is left unconsumed is where the search
    /// for the next header starts: the bad line, or the start of the bad body.
    async fn message(&mut self) -> Result<Vec<u8>, Fault> {
        let length = self.header().await?;
        if length > MAX_MESSAGE {
            return Err(Fault::Dropped(format!(
                "a message of {length} bytes (the limit is {MAX_MESSAGE})"
            )));
        }
        self.body(length).await
    }

    /// Reads a header block up to its empty line and returns its `Content-Length`.
    async fn header(&mut self) -> Result<usize, Fault> {
        let mut length = None;
        let mut seen = false;
        loop {
            let end = match self.line().await {
                Line::Text(end) => end,
                Line::TooLong => {
                    return Err(Fault::Dropped(format!(
                        "a header line longer than {MAX_HEADER_LINE} bytes"
                    )));
                }
                Line::End => return Err(Fault::End),
            };
            let line = self.pending().get(..end).unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                self.consume(end + 1);
                if seen {
                    break;
                }
                continue;
            }
            let Some((name, value)) = header_field(line) else {
                return Err(Fault::Dropped("a line that is not a header".to_owned()));
            };
            if name.eq_ignore_ascii_case(b"content-length") {
                length = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse::<usize>().ok());
            }
            seen = true;
            self.consume(end + 1);
        }
        length.ok_or_else(|| {
            Fault::Dropped("a message without a valid Content-Length header".to_owned())
        })
    }

    /// Waits for a whole line (up to its line feed) and says how long it is.
    async fn line(&mut self) -> Line {
        let mut searched = 0;
        loop {
            let pending = self.pending();
            let tail = pending.get(searched..).unwrap_or_default();
            if let Some(i) = tail.iter().position(|&b| b == b'\n') {
                return Line::Text(searched + i);
            }
            if pending.len() > MAX_HEADER_LINE {
                return Line::TooLong;
            }
            searched = pending.len();
            if !self.fill().await {
                return Line::End;
            }
        }
    }

    /// Waits for a body of `length` bytes and checks that it is a JSON-RPC message. A body that
    /// holds a header line is too long, and is refused as soon as that line has arrived.
    async fn body(&mut self, length: usize) -> Result<Vec<u8>, Fault> {
        let mut searched = 0;
        loop {
            let pending = self.pending();
            let so_far = pending.get(..length).unwrap_or(pending);
            match find_header(so_far, searched) {
                Found::At(_) => {
                    return Err(Fault::Dropped(
                        "a message whose Content-Length is longer than its body".to_owned(),
                    ));
                }
                Found::Partial(at) => searched = at,
                Found::Nothing => searched = so_far.len().saturating_sub(MARKER.len() - 1),
            }
            if so_far.len() == length {
                break;
            }
            if !self.fill().await {
                return Err(Fault::End);
            }
        }
        let body = self.pending().get(..length).unwrap_or_default();
        if !is_json_rpc(body) {
            return Err(Fault::Dropped(
                "a message whose body is not a JSON-RPC message".to_owned(),
            ));
        }
        let body = body.to_vec();
        self.consume(length);
        Ok(body)
    }

    /// Skips forward to the next header line; false if the input ends first.
    async fn resync(&mut self) -> bool {
        loop {
            let pending = self.pending();
            match find_header(pending, 0) {
                Found::At(at) => {
                    self.consume(at);
                    return true;
                }
                Found::Partial(at) => self.consume(at),
                Found::Nothing => {
                    let skipped = pending.len().saturating_sub(MARKER.len() - 1);
                    self.consume(skipped);
                }
            }
            if !self.fill().await {
                return false;
            }
        }
    }
}

/// Whether the protocol library decodes `body` as a message: a response, else a request or
/// notification (the order it tries them in).
fn is_json_rpc(body: &[u8]) -> bool {
    serde_json::from_slice::<Response>(body).is_ok()
        || serde_json::from_slice::<Request>(body).is_ok()
}

/// Splits a header line at its colon, if the part before it is a header name.
fn header_field(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (name, value) = line.split_at(colon);
    let name_ok = !name.is_empty() && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-');
    name_ok.then(|| (name, value.get(1..).unwrap_or_default()))
}

/// Looks for a `Content-Length: N` line in `bytes`, from `from` on.
fn find_header(bytes: &[u8], from: usize) -> Found {
    let candidates = bytes.get(from..).unwrap_or_default();
    for (i, window) in candidates.windows(MARKER.len()).enumerate() {
        if !window.eq_ignore_ascii_case(MARKER) {
            continue;
        }
        let at = from + i;
        match header_line_at(bytes.get(at..).unwrap_or_default()) {
            Some(true) => return Found::At(at),
            None => return Found::Partial(at),
            Some(false) => {}
        }
    }
    Found::Nothing
}

/// Whether `bytes` (which start with [`MARKER`]) start with a whole header line: blanks, digits,
/// blanks and a line ending. `None` while the bytes end before that is decided.
fn header_line_at(bytes: &[u8]) -> Option<bool> {
    let rest = bytes.get(MARKER.len()..).unwrap_or_default();
    let mut digits = 0;
    let mut after_digits = false;
    for (i, &b) in rest.iter().enumerate() {
        if MARKER.len() + i >= MAX_MARKER_LINE {
            return Some(false);
        }
        match b {
            b' ' | b'\t' => after_digits = digits > 0,
            b'0'..=b'9' if !after_digits => digits += 1,
            b'\r' | b'\n' => return Some(digits > 0),
            _ => return Some(false),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{CHUNK, Frames, MAX_HEADER_LINE, MAX_MESSAGE, filter};
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    const PONG: &str = r#"{"jsonrpc":"2.0","id":2,"method":"pong"}"#;

    fn message(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The bodies of the messages in `out`, which the filter wrote.
    fn bodies(mut out: &str) -> Vec<String> {
        let mut found = Vec::new();
        while let Some(rest) = out.strip_prefix("Content-Length: ") {
            let Some((length, rest)) = rest.split_once("\r\n\r\n") else {
                break;
            };
            let Ok(length) = length.parse::<usize>() else {
                break;
            };
            let Some((body, rest)) = rest.split_at_checked(length) else {
                break;
            };
            found.push(body.to_owned());
            out = rest;
        }
        assert!(out.is_empty(), "the filter wrote a broken frame: {out:?}");
        found
    }

    /// Sends `input` through the filter, `chunk` bytes at a time, and returns the bodies that
    /// come out, once the input has ended.
    async fn through(input: &[u8], chunk: usize) -> Vec<String> {
        let (mut client, filter_in) = tokio::io::duplex(chunk);
        let (filter_out, mut server) = tokio::io::duplex(1 << 16);
        let input = input.to_vec();
        tokio::spawn(filter(filter_in, filter_out));
        tokio::spawn(async move {
            let _ = client.write_all(&input).await;
        });
        let mut out = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), server.read_to_end(&mut out));
        assert!(read.await.is_ok(), "the filter did not finish");
        bodies(&String::from_utf8_lossy(&out))
    }

    /// Checks the bodies that come out of `input`, sent at once and a byte at a time.
    async fn expect(input: &[u8], expected: &[&str]) {
        assert_eq!(through(input, 1 << 16).await, expected);
        assert_eq!(through(input, 1).await, expected);
    }

    #[tokio::test]
    async fn well_formed_messages_pass_unchanged() {
        let with_type = format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{PONG}",
            PONG.len()
        );
        // Text that names the header inside a string is not mistaken for a header.
        let tricky = r#"{"jsonrpc":"2.0","method":"x","params":{"text":"Content-Length: 12\r\n\r\n{}","n":"content-length:3"}}"#;
        let input = format!("{}{with_type}{}", message(PING), message(tricky));
        expect(input.as_bytes(), &[PING, PONG, tricky]).await;
    }

    #[tokio::test]
    async fn garbage_before_a_message_is_skipped() {
        let input = format!("garbage\r\n\0\u{1}{{not json\n{}", message(PING));
        expect(input.as_bytes(), &[PING]).await;
        let glued = format!("}}}}]]{}", message(PING));
        expect(glued.as_bytes(), &[PING]).await;
    }

    #[tokio::test]
    async fn a_too_short_length_costs_only_its_message() {
        let short = format!("Content-Length: 10\r\n\r\n{PING}");
        let input = format!("{short}{}{}", message(PONG), message(PING));
        expect(input.as_bytes(), &[PONG, PING]).await;
        let empty = format!("Content-Length: 0\r\n\r\n{}", message(PONG));
        expect(empty.as_bytes(), &[PONG]).await;
    }

    #[tokio::test]
    async fn a_too_long_length_costs_only_its_message() {
        let long = format!("Content-Length: {}\r\n\r\n{PING}", PING.len() + 30);
        let input = format!("{long}{}{}", message(PONG), message(PING));
        expect(input.as_bytes(), &[PONG, PING]).await;
        // Longer than all the rest of the input.
        let longer = format!("Content-Length: 100000\r\n\r\n{PING}{}", message(PONG));
        expect(longer.as_bytes(), &[PONG]).await;
        // Longer than any message may be.
        let huge = format!(
            "Content-Length: {}\r\n\r\n{PING}{}",
            MAX_MESSAGE + 1,
            message(PONG)
        );
        expect(huge.as_bytes(), &[PONG]).await;
    }

    #[tokio::test]
    async fn a_too_long_length_does_not_wait_for_bytes_that_never_come() {
        // The client keeps the stream open, waiting for an answer to its second message.
        let (mut client, filter_in) = tokio::io::duplex(1 << 16);
        let (filter_out, mut server) = tokio::io::duplex(1 << 16);
        tokio::spawn(filter(filter_in, filter_out));
        let input = format!("Content-Length: 5000\r\n\r\n{PING}{}", message(PONG));
        let _ = client.write_all(input.as_bytes()).await;
        let expected = message(PONG);
        let mut out = vec![0; expected.len()];
        let read = tokio::time::timeout(Duration::from_secs(10), server.read_exact(&mut out));
        assert!(read.await.is_ok(), "the good message did not come through");
        assert_eq!(String::from_utf8_lossy(&out), expected);
        drop(client);
    }

    #[tokio::test]
    async fn json_that_is_not_json_rpc_is_dropped() {
        // The protocol library would end the session at any of these bodies.
        for body in [
            "4",
            "{}",
            "[]",
            r#"{"jsonrpc":"1.0","method":"x"}"#,
            r#"{"id":1}"#,
        ] {
            let input = format!("{}{}", message(body), message(PING));
            expect(input.as_bytes(), &[PING]).await;
        }
        let response = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let notification = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!("{}{}", message(response), message(notification));
        expect(input.as_bytes(), &[response, notification]).await;
    }

    #[tokio::test]
    async fn a_message_without_a_length_is_dropped() {
        let input = format!(
            "Content-Type: x\r\n\r\n{PING}{}Content-Length: abc\r\n\r\n{PING}{}",
            message(PONG),
            message(PING)
        );
        expect(input.as_bytes(), &[PONG, PING]).await;
    }

    #[tokio::test]
    async fn a_huge_header_line_is_dropped() {
        let line = "X".repeat(1 << 20);
        let input = format!("{line}\r\n\r\n{}", message(PING));
        expect(input.as_bytes(), &[PING]).await;
        let header = format!(
            "Content-Length: 5\r\nX-Long: {line}\r\n\r\n{PING}{}",
            message(PONG)
        );
        expect(header.as_bytes(), &[PONG]).await;
    }

    #[tokio::test]
    async fn a_header_line_without_end_does_not_grow_memory() {
        // 256 MiB without a line feed, then a message: read lazily, never held.
        let endless = tokio::io::repeat(b'a').take(256 << 20);
        let tail = message(PING).into_bytes();
        let mut frames = Frames::new(endless.chain(std::io::Cursor::new(tail)));
        let body = frames.next().await;
        assert_eq!(body.as_deref(), Some(PING.as_bytes()));
        assert!(
            frames.buf.capacity() <= 4 * (CHUNK + MAX_HEADER_LINE),
            "the buffer grew to {} bytes",
            frames.buf.capacity()
        );
        assert_eq!(frames.next().await, None);
    }
}
