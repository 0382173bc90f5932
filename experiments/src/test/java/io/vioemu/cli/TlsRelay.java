package io.vioemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS in front of the mock Kubernetes API: the Kubernetes API discovery speaks only HTTPS, checks
 * the server's certificate against the CA file it is given and the address it connects to, so the
 * test makes a certificate for the API's address ({@code keytool}), hands its PEM to the pods as
 * their CA, and relays the decrypted bytes to the mock server's plain HTTP port.
 */
final class TlsRelay implements AutoCloseable {
  private static final char[] PASSWORD = "rehearsal".toCharArray();

  private final ServerSocket server;
  private final int targetPort;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tls-relay");
            t.setDaemon(true);
            return t;
          });

  private TlsRelay(SSLContext tls, String bindIp, int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server =
        tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName(bindIp));
    pool.execute(this::accept);
  }

  /**
   * A certificate for {@code ip} in {@code dir} ({@code ca.crt}, PEM: what a pod trusts), and a
   * relay on {@code ip} to the plain HTTP server on loopback port {@code targetPort}.
   */
  static TlsRelay start(Path dir, String ip, int targetPort)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path store = dir.resolve("api.p12");
    Files.deleteIfExists(store);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String pass = new String(PASSWORD);
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "api",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=kubernetes",
            "-ext",
            "SAN=ip:" + ip,
            "-validity",
            "2",
            "-keystore",
            store.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            pass,
            "-keypass",
            pass));
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "api",
            "-keystore",
            store.toString(),
            "-storepass",
            pass,
            "-file",
            dir.resolve("ca.crt").toString()));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    return new TlsRelay(tls, ip, targetPort);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        pool.execute(() -> pipe(client, upstream));
        pool.execute(() -> pipe(upstream, client));
      } catch (IOException e) {
        // closed, or one connection failed: the client retries
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the other side closed
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
