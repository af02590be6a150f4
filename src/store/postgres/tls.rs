//! TLS for PostgreSQL connections (rustls with ring), following libpq's `sslmode`:
//!
//! - `verify-full`: the certificate chain must lead to a trusted root and name the host.
//! - `verify-ca`: the chain must lead to a trusted root; the name is not checked.
//! - `require`, `prefer`, `allow`: encrypted, but who the server is is only checked when a
//!   root certificate file is given (`sslrootcert`, or `~/.postgresql/root.crt` exists),
//!   and then as `verify-ca` does, as libpq does. Without one, these protect against
//!   eavesdropping only, not against someone posing as the server.
//!
//! Trusted roots: the file `sslrootcert` names (PEM), else `~/.postgresql/root.crt` if it
//! exists, else (for `verify-*`, and for `sslrootcert=system`) the system's roots.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::conn::SslMode;

/// Where trusted root certificates come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Roots {
    /// A PEM file: `sslrootcert=FILE`, or `~/.postgresql/root.crt`.
    File(PathBuf),
    /// The operating system's roots (`sslrootcert=system`, or `verify-*` without a file).
    System,
    /// None: the certificate is not checked (`require`, `prefer`, `allow` without a file).
    Unchecked,
}

/// Which roots a connection uses, from `sslmode`, `sslrootcert` and the home folder.
pub fn roots(mode: SslMode, rootcert: Option<&Path>, home: Option<&Path>) -> Roots {
    match rootcert {
        Some(p) if p.as_os_str() == "system" => return Roots::System,
        Some(p) => return Roots::File(p.to_path_buf()),
        None => {}
    }
    if let Some(default) = home.map(|h| h.join(".postgresql/root.crt"))
        && default.is_file()
    {
        return Roots::File(default);
    }
    match mode {
        SslMode::VerifyCa | SslMode::VerifyFull => Roots::System,
        _ => Roots::Unchecked,
    }
}

/// The TLS connector for a connection. Errors name the root certificate file.
pub fn connector(mode: SslMode, roots: &Roots) -> Result<MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = match roots {
        Roots::Unchecked => Arc::new(Unchecked(provider.signature_verification_algorithms)),
        Roots::File(path) => webpki(mode, load_file(path)?, &provider)?,
        Roots::System => webpki(mode, load_system()?, &provider)?,
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

fn webpki(
    mode: SslMode,
    roots: RootCertStore,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, String> {
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("cannot set up certificate checks: {e}"))?;
    Ok(if mode == SslMode::VerifyFull {
        inner
    } else {
        Arc::new(ChainOnly(inner))
    })
}

fn load_file(path: &Path) -> Result<RootCertStore, String> {
    let shown = path.display().to_string().escape_debug().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the root certificate file {shown}: {e}"))?;
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        let cert =
            cert.map_err(|e| format!("the root certificate file {shown} is not valid PEM: {e}"))?;
        store.add(cert).map_err(|e| {
            format!("the root certificate file {shown} holds a bad certificate: {e}")
        })?;
    }
    if store.is_empty() {
        return Err(format!(
            "the root certificate file {shown} holds no certificate (expected PEM blocks \
             `-----BEGIN CERTIFICATE-----`)"
        ));
    }
    Ok(store)
}

fn load_system() -> Result<RootCertStore, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut store = RootCertStore::empty();
    let (_added, _ignored) = store.add_parsable_certificates(found.certs);
    if store.is_empty() {
        let why = found
            .errors
            .first()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        return Err(format!(
            "no trusted root certificates found on this system{why}; install them \
             (apt-get install ca-certificates) or name the server's CA with \
             `sslrootcert=FILE` in the URL"
        ));
    }
    Ok(store)
}

/// Checks the handshake signatures but not the certificate: encryption without knowing
/// who the server is (libpq's `require` without a root certificate).
#[derive(Debug)]
struct Unchecked(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to a trusted root; a certificate for another name is
/// accepted. (The web PKI check tests the chain before the name, so a name error means
/// the chain was good.)
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_follow_libpq() {
        let home = tempfile::tempdir().unwrap();
        let h = Some(home.path());
        assert_eq!(roots(SslMode::Require, None, h), Roots::Unchecked);
        assert_eq!(roots(SslMode::Prefer, None, h), Roots::Unchecked);
        assert_eq!(roots(SslMode::VerifyCa, None, h), Roots::System);
        assert_eq!(roots(SslMode::VerifyFull, None, None), Roots::System);
        let file = Path::new("/etc/ca.pem");
        assert_eq!(
            roots(SslMode::Require, Some(file), h),
            Roots::File(file.into())
        );
        assert_eq!(
            roots(SslMode::Require, Some(Path::new("system")), h),
            Roots::System
        );
        std::fs::create_dir(home.path().join(".postgresql")).unwrap();
        std::fs::write(home.path().join(".postgresql/root.crt"), "x").unwrap();
        assert_eq!(
            roots(SslMode::Require, None, h),
            Roots::File(home.path().join(".postgresql/root.crt"))
        );
    }

    #[test]
    fn bad_root_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let err = connector(SslMode::VerifyFull, &Roots::File(missing))
            .err()
            .unwrap();
        assert!(
            err.contains("cannot read the root certificate file"),
            "{err}"
        );
        assert!(err.contains("missing.pem"), "{err}");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = connector(SslMode::VerifyFull, &Roots::File(empty))
            .err()
            .unwrap();
        assert!(err.contains("holds no certificate"), "{err}");
    }

    #[test]
    fn unchecked_connector_builds() {
        assert!(connector(SslMode::Require, &Roots::Unchecked).is_ok());
    }
}
