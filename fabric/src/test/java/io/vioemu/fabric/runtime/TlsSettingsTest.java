package io.vioemu.fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

  private static Config tls(String key, String value) {
    return ConfigFactory.parseMap(Map.of("vioemu.runtime.tls." + key, value));
  }

  @Test
  void shouldStayOffWhenNeitherTheOptionNorAnySettingAsksForTls() {
    assertNull(TlsSettings.resolve(null, ConfigFactory.load(), Map.of()));
  }

  @Test
  void shouldNameTheDirectoryWhenItDoesNotExist(@TempDir Path dir) {
    Path missing = dir.resolve("nope");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsSettings.resolve(missing, ConfigFactory.empty(), Map.of()));
    assertEquals("--tls " + missing + ": not a directory", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsSettings.resolve(null, tls("dir", missing.toString()), Map.of()));
    assertTrue(e.getMessage().startsWith("vioemu.runtime.tls.dir " + missing), e.getMessage());
  }

  @Test
  void shouldNameThePasswordFileWhenThereIsNoPassword(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsSettings.resolve(dir, ConfigFactory.empty(), Map.of()));
    assertEquals(
        dir.resolve("password") + ": no such password file, and VIOEMU_TLS_PASSWORD is not set",
        e.getMessage());
  }

  @Test
  void shouldNameTheKeyStoreWhenItIsMissingOrNotPkcs12(@TempDir Path dir) throws IOException {
    Map<String, String> env = Map.of(TlsSettings.PASSWORD_ENV, "secret");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsSettings.resolve(dir, ConfigFactory.empty(), env));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("keystore.p12") + ": no such key store"),
        e.getMessage());

    Path junk = Files.writeString(dir.resolve("junk.p12"), "not a key store");
    Files.writeString(dir.resolve("password"), "from-file\n");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsSettings.resolve(dir, tls("key-store", junk.toString()), Map.of()));
    assertTrue(
        e.getMessage().startsWith(junk + ": cannot open the key store (wrong password, or not"),
        e.getMessage());
  }

  @Test
  void shouldRefuseAnEncryptedPemKeyWhenTheDirectoryHoldsPemFiles(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("tls.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsSettings.resolve(dir, ConfigFactory.empty(), Map.of()));
    assertEquals(
        dir.resolve("tls.key") + ": not an unencrypted PKCS#1 or PKCS#8 PEM private key",
        e.getMessage());
  }

  @Test
  void shouldUsePekkosRotatingKeysEngineWhenTheFilesArePem() {
    TlsSettings tls =
        new TlsSettings(
            new TlsSettings.PemFiles(
                Path.of("/s/tls.key"), Path.of("/s/tls.crt"), Path.of("/s/ca.crt")));
    Config c =
        ClusterRuntime.config(
            new NodeSettings(
                "127.0.0.1", 0, List.of(), Set.of("host"), 0, "", Bootstrap.SEED_NODES, "", tls));
    assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
    assertEquals(
        "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider",
        c.getString("pekko.remote.artery.ssl.ssl-engine-provider"));
    assertEquals(
        "/s/ca.crt", c.getString("pekko.remote.artery.ssl.rotating-keys-engine.ca-cert-file"));
  }

  @Test
  void shouldPutArteryOnMutuallyAuthenticatedTlsWhenANodeHasTlsSettings() {
    TlsSettings tls =
        new TlsSettings(Path.of("/s/keystore.p12"), Path.of("/s/truststore.p12"), "pw");
    Config c =
        ClusterRuntime.config(
            new NodeSettings(
                "127.0.0.1", 0, List.of(), Set.of("host"), 0, "", Bootstrap.SEED_NODES, "", tls));
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
    assertEquals("/s/keystore.p12", c.getString(engine + "key-store"));
    assertEquals("/s/truststore.p12", c.getString(engine + "trust-store"));
    assertEquals("pw", c.getString(engine + "trust-store-password"));
    assertTrue(c.getBoolean(engine + "require-mutual-authentication"));
    assertEquals(
        "tcp",
        ClusterRuntime.config(NodeSettings.embedded()).getString("pekko.remote.artery.transport"));
    assertTrue(!tls.toString().contains("pw"), "the password must not be printed: " + tls);
  }
}
