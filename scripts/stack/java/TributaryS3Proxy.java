import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.gaul.s3proxy.Main;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.HttpResponse;
import org.gaul.s3proxy.blobstore.HttpResponseException;
import org.gaul.s3proxy.blobstore.KeyNotFoundException;
import org.gaul.s3proxy.blobstore.domain.Blob;
import org.gaul.s3proxy.blobstore.domain.BlobMetadata;
import org.gaul.s3proxy.blobstore.domain.MultipartPart;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.blobstore.options.CopyOptions;
import org.gaul.s3proxy.blobstore.options.PutOptions;

/**
 * Starts S3Proxy 4.x like its own Main (single identity, no bucket locators), with one change: writes to
 * one key are serialised by a per-key lock and If-Match / If-None-Match are re-checked under that lock, so
 * conditional PutObject / CompleteMultipartUpload is an atomic compare-and-swap within this process.
 * (S3Proxy 4.0.0 alone checks If-Match before writing, without a lock: concurrent writers can all win.)
 * Usage: java -cp launcher:s3proxy.jar TributaryS3Proxy --properties s3proxy.conf
 */
public final class TributaryS3Proxy {
  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !"--properties".equals(args[0])) {
      System.err.println("usage: TributaryS3Proxy --properties FILE");
      System.exit(2);
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(args[1]))) {
      props.load(in);
    }
    props.putAll(System.getProperties());
    Method create = Main.class.getDeclaredMethod("createBlobStore", Properties.class);
    create.setAccessible(true);
    BlobStore store = (BlobStore) create.invoke(null, props);
    Method middleware = Main.class.getDeclaredMethod("parseMiddlewareProperties", BlobStore.class, Properties.class);
    middleware.setAccessible(true);
    store = (BlobStore) middleware.invoke(null, store, props);
    S3Proxy proxy = S3Proxy.Builder.fromProperties(props).blobStore(new AtomicConditionalBlobStore(store)).build();
    proxy.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { proxy.stop(); } catch (Exception e) { /* exiting */ }
    }, "s3proxy-shutdown"));
    System.out.println("S3Proxy (atomic conditional writes) listening on " + props.getProperty("s3proxy.endpoint"));
  }

  static final class AtomicConditionalBlobStore extends ForwardingBlobStore {
    private final ReentrantLock[] locks = new ReentrantLock[1024];

    AtomicConditionalBlobStore(BlobStore delegate) {
      super(delegate);
      for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
    }

    private ReentrantLock lockFor(String container, String key) {
      ReentrantLock lock = locks[Math.floorMod((container + '\u0000' + key).hashCode(), locks.length)];
      lock.lock();
      return lock;
    }

    private static String unquote(String etag) {
      if (etag == null) return null;
      String e = etag.trim();
      if (e.startsWith("W/")) e = e.substring(2);
      if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
      return e;
    }

    private void checkPreconditions(String container, String key, PutOptions options) {
      if (options == null) return;
      String ifMatch = options.ifMatch();
      String ifNoneMatch = options.ifNoneMatch();
      if (ifMatch == null && ifNoneMatch == null) return;
      BlobMetadata current = delegate().blobMetadata(container, key);
      if (ifMatch != null) {
        if (current == null) throw new KeyNotFoundException(container, key, "If-Match on a missing key");
        if (!"*".equals(ifMatch.trim()) && !unquote(ifMatch).equals(unquote(current.eTag()))) {
          throw new HttpResponseException(new HttpResponse(412));
        }
      }
      if (ifNoneMatch != null && current != null) {
        if ("*".equals(ifNoneMatch.trim()) || unquote(ifNoneMatch).equals(unquote(current.eTag()))) {
          throw new HttpResponseException(new HttpResponse(412));
        }
      }
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
      String key = blob.getMetadata().name();
      ReentrantLock lock = lockFor(container, key);
      try {
        checkPreconditions(container, key, options);
        return delegate().putBlob(container, blob, options);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
      ReentrantLock lock = lockFor(mpu.containerName(), mpu.blobName());
      try {
        checkPreconditions(mpu.containerName(), mpu.blobName(), mpu.putOptions());
        return delegate().completeMultipartUpload(mpu, parts);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions options) {
      ReentrantLock lock = lockFor(toContainer, toName);
      try {
        return delegate().copyBlob(fromContainer, fromName, toContainer, toName, options);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void removeBlob(String container, String key) {
      ReentrantLock lock = lockFor(container, key);
      try {
        delegate().removeBlob(container, key);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void removeBlobs(String container, Iterable<String> keys) {
      for (String key : keys) removeBlob(container, key);
    }
  }
}
