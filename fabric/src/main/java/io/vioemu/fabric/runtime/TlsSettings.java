package io.vioemu.fabric.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Pekko Artery over TLS (the {@code tls-tcp} transport, mutual authentication): this node's key and
 * certificate and the CA it trusts, read from files and checked once, at start. A node without a
 * certificate the CA signed cannot join: both ends of every connection must show one. Files, not
 * values, so that a Kubernetes Secret mounted as a directory fits as it is: PKCS12 stores with a
 * password ({@code keystore.p12}, {@code truststore.p12}, {@code password}), or PEM files as
 * cert-manager writes them ({@code tls.key}, {@code tls.crt}, {@code ca.crt}).
 *
 * @param keyStore PKCS12 file with this node's private key and certificate chain (null with PEM)
 * @param trustStore PKCS12 file with the CA certificate(s) a peer's certificate must chain to
 * @param password the stores' (and the key's) password
 * @param pem the PEM files instead of the stores, or null
 */
public record TlsSettings(Path keyStore, Path trustStore, String password, PemFiles pem) {

  /**
   * A node's key (unencrypted PKCS#1 or PKCS#8, RSA), its certificate and the CA's, in PEM; read by
   * Pekko's RotatingKeysSSLEngineProvider, which rereads them when a Secret rotates and also checks
   * that a peer's certificate names a subject of this node's.
   */
  public record PemFiles(Path key, Path cert, Path ca) {}

  /** With PKCS12 stores. */
  public TlsSettings(Path keyStore, Path trustStore, String password) {
    this(keyStore, trustStore, password, null);
  }

  /** With PEM files. */
  public TlsSettings(PemFiles pem) {
    this(null, null, null, pem);
  }

  /**
   * In a {@code --tls} directory, the PEM files (cert-manager's names) used when there is no
   * keystore.p12.
   */
  public static final String PEM_KEY_FILE = "tls.key";

  public static final String PEM_CERT_FILE = "tls.crt";
  public static final String PEM_CA_FILE = "ca.crt";

  /** What {@code make-certs.sh} writes into a directory, and {@code --tls DIR} expects there. */
  public static final String KEY_STORE_FILE = "keystore.p12";

  public static final String TRUST_STORE_FILE = "truststore.p12";
  public static final String PASSWORD_FILE = "password";

  /** Environment variable with the password, when no password file is given or present. */
  public static final String PASSWORD_ENV = "VIOEMU_TLS_PASSWORD";

  private static final String PREFIX = "vioemu.runtime.tls.";
  private static final long MAX_FILE_BYTES = 1 << 20;

  @Override
  public String toString() {
    return pem != null
        ? "TlsSettings[" + pem + "]"
        : "TlsSettings[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
  }

  /**
   * From {@code --tls DIR} if given, else from {@code vioemu.runtime.tls} in {@code config}; null
   * when neither asks for TLS (plain TCP, the local default).
   *
   * @throws IllegalArgumentException naming the file or setting that is missing or unusable
   */
  public static TlsSettings resolve(Path dirOption, Config config) {
    return resolve(dirOption, config, System.getenv());
  }

  static TlsSettings resolve(Path dirOption, Config config, Map<String, String> env) {
    String dirSetting = config.hasPath(PREFIX + "dir") ? config.getString(PREFIX + "dir") : "";
    String keyStore = setting(config, "key-store");
    if (dirOption == null && dirSetting.isBlank() && keyStore.isBlank()) {
      return null;
    }
    String from = dirOption != null ? "--tls " + dirOption : PREFIX + "dir " + dirSetting;
    Path dir = dirOption != null ? dirOption : Path.of(dirSetting.isBlank() ? "." : dirSetting);
    if (dirOption != null || !dirSetting.isBlank()) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(from + ": not a directory");
      }
    }
    Path keys = file(dir, keyStore, KEY_STORE_FILE);
    if (keyStore.isBlank() && !Files.exists(keys) && Files.exists(dir.resolve(PEM_KEY_FILE))) {
      return pem(dir);
    }
    Path trust = file(dir, setting(config, "trust-store"), TRUST_STORE_FILE);
    Path passwordFile = file(dir, setting(config, "password-file"), PASSWORD_FILE);
    String password = password(passwordFile, env);
    TlsSettings tls = new TlsSettings(keys, trust, password);
    tls.check();
    return tls;
  }

  /** From a directory as make-certs.sh writes it (the password from its file or the env). */
  public static TlsSettings fromDirectory(Path dir) {
    return resolve(dir, ConfigFactory.empty(), System.getenv());
  }

  /* tls.key, tls.crt and ca.crt in dir: the certificates must parse, the key must not be encrypted. */
  private static TlsSettings pem(Path dir) {
    PemFiles files =
        new PemFiles(
            dir.resolve(PEM_KEY_FILE).toAbsolutePath().normalize(),
            dir.resolve(PEM_CERT_FILE).toAbsolutePath().normalize(),
            dir.resolve(PEM_CA_FILE).toAbsolutePath().normalize());
    String key = readSmall(files.key(), "private key");
    if (!key.contains("-----BEGIN PRIVATE KEY-----")
        && !key.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          files.key() + ": not an unencrypted PKCS#1 or PKCS#8 PEM private key");
    }
    for (Path cert : List.of(files.cert(), files.ca())) {
      readSmall(cert, "certificate");
      try (InputStream in = Files.newInputStream(cert)) {
        CertificateFactory.getInstance("X.509").generateCertificate(in);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException(cert + ": not a PEM certificate: " + e.getMessage());
      }
    }
    return new TlsSettings(files);
  }

  private static String readSmall(Path file, String what) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(file + ": no such " + what + " file (or over 1 MiB)");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": cannot read the " + what + ": " + e.getMessage());
    }
  }

  private static String setting(Config config, String key) {
    return config.hasPath(PREFIX + key) ? config.getString(PREFIX + key) : "";
  }

  private static Path file(Path dir, String setting, String defaultName) {
    return (setting.isBlank() ? dir.resolve(defaultName) : Path.of(setting))
        .toAbsolutePath()
        .normalize();
  }

  private static String password(Path file, Map<String, String> env) {
    if (Files.isRegularFile(file)) {
      try {
        if (Files.size(file) > MAX_FILE_BYTES) {
          throw new IllegalArgumentException(file + ": a password file of more than 1 MiB");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
          throw new IllegalArgumentException(file + ": empty password file");
        }
        return text;
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": cannot read the password: " + e.getMessage());
      }
    }
    String fromEnv = env.getOrDefault(PASSWORD_ENV, "");
    if (fromEnv.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": no such password file, and " + PASSWORD_ENV + " is not set");
    }
    return fromEnv;
  }

  /** Opens both stores: a wrong path or password is a clear error now, not a failed handshake. */
  private void check() {
    KeyStore keys = load(keyStore, "key store");
    KeyStore trust = load(trustStore, "trust store");
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(keys.aliases())) {
        hasKey |= keys.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException(keyStore + ": key store holds no private key");
      }
      if (trust.size() == 0) {
        throw new IllegalArgumentException(trustStore + ": trust store holds no certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(keyStore + ": " + e.getMessage());
    }
  }

  private KeyStore load(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          file + ": no such " + what + " (make one with config/tls/make-certs.sh)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          file
              + ": cannot open the "
              + what
              + " (wrong password, or not PKCS12?): "
              + e.getMessage());
    }
  }

  /** The Pekko settings that put Artery on TLS with these files. */
  Map<String, Object> pekkoSettings() {
    if (pem != null) {
      String rotating = "pekko.remote.artery.ssl.rotating-keys-engine.";
      return Map.of(
          "pekko.remote.artery.transport",
          "tls-tcp",
          "pekko.remote.artery.ssl.ssl-engine-provider",
          "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider",
          rotating + "key-file",
          pem.key().toString(),
          rotating + "cert-file",
          pem.cert().toString(),
          rotating + "ca-cert-file",
          pem.ca().toString());
    }
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    return Map.of(
        "pekko.remote.artery.transport",
        "tls-tcp",
        engine + "key-store",
        keyStore.toString(),
        engine + "trust-store",
        trustStore.toString(),
        engine + "key-store-password",
        password,
        engine + "key-password",
        password,
        engine + "trust-store-password",
        password,
        engine + "require-mutual-authentication",
        "on",
        engine + "hostname-verification",
        "off");
  }
}
