//! A guard in front of the protocol library: messages from the client are read here first, and
//! only well-formed ones (a `Content-Length` header and a JSON body of that length) are passed
//! on. A malformed message is reported on standard error and dropped, so one bad message costs
//! that message, not the session (the protocol library stops reading after a framing error).

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// Messages larger than this are refused (and their bytes skipped).
pub const MAX_MESSAGE: usize = 256 << 20;

/// Copies well-formed messages from `input` to `output` until `input` ends.
pub async fn filter(input: impl AsyncRead + Unpin, mut output: DuplexStream) {
    let mut reader = BufReader::new(input);
    loop {
        let mut length: Option<usize> = None;
        let mut header_seen = false;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if header_seen {
                    break;
                }
                continue;
            }
            header_seen = true;
            if let Some((name, value)) = line.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok();
            }
        }
        let Some(length) = length else {
            eprintln!("palisade lsp: dropped a message without a valid Content-Length header");
            continue;
        };
        if length > MAX_MESSAGE {
            eprintln!(
                "palisade lsp: dropped a message of {length} bytes (the limit is {MAX_MESSAGE})"
            );
            let mut rest = (&mut reader).take(length as u64);
            if tokio::io::copy(&mut rest, &mut tokio::io::sink())
                .await
                .is_err()
            {
                return;
            }
            continue;
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if serde_json::from_slice::<serde_json::Value>(&body).is_err() {
            eprintln!("palisade lsp: dropped a message whose body is not JSON");
            continue;
        }
        let header = format!("Content-Length: {length}\r\n\r\n");
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
        {
            return;
        }
    }
}
