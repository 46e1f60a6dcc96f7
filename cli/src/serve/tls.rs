//! TLS for the webhook: the certificate chain and key read from PEM files, served through a
//! resolver whose key pair can be swapped while connections are open, so a rotated
//! certificate (cert-manager renews it in place) is used by new connections without a restart.
//! The crypto provider is `ring`; no OpenSSL.

use arc_swap::ArcSwap;
use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The certificate and key files, and the key pair read from them last.
#[derive(Debug)]
pub struct Certificates {
    pub cert: PathBuf,
    pub key: PathBuf,
    provider: Arc<CryptoProvider>,
    current: ArcSwap<CertifiedKey>,
}

/// Reads a chain and its key, and checks that they belong together.
fn read(cert: &Path, key: &Path, provider: &CryptoProvider) -> Result<CertifiedKey, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read the certificate `{}`: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!("`{}` holds no PEM certificate", cert.display()));
    }
    let der = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| format!("cannot read the private key `{}`: {e}", key.display()))?;
    let signing = provider
        .key_provider
        .load_private_key(der)
        .map_err(|e| format!("the private key `{}` is not usable: {e}", key.display()))?;
    let pair = CertifiedKey::new(chain, signing);
    pair.keys_match().map_err(|e| {
        format!(
            "the key `{}` does not belong to the certificate `{}`: {e}",
            key.display(),
            cert.display()
        )
    })?;
    Ok(pair)
}

impl Certificates {
    /// Reads the files; an unreadable or mismatched pair is an error with the file's name.
    pub fn load(cert: PathBuf, key: PathBuf) -> Result<Arc<Certificates>, String> {
        #[expect(
            deprecated,
            reason = "ring: a small, audited provider that builds without cmake or OpenSSL; it \
                      offers no post-quantum key exchange, which the API server does not need"
        )]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let pair = read(&cert, &key, &provider)?;
        Ok(Arc::new(Certificates {
            cert,
            key,
            provider,
            current: ArcSwap::from_pointee(pair),
        }))
    }

    /// Reads the files again and serves the new pair to new connections; on an error the old
    /// pair stays.
    pub fn reload(&self) -> Result<(), String> {
        let pair = read(&self.cert, &self.key, &self.provider)?;
        self.current.store(Arc::new(pair));
        Ok(())
    }

    /// A server configuration that resolves the certificate at each handshake, offering
    /// HTTP/2 and HTTP/1.1.
    pub fn server_config(self: &Arc<Self>) -> Result<rustls::ServerConfig, String> {
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(Resolver(Arc::clone(self))));
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }
}

#[derive(Debug)]
struct Resolver(Arc<Certificates>);

impl ResolvesServerCert for Resolver {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.current.load_full())
    }
}
