package org.ferry.gateway;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web client from the classpath directory {@code web/} (whichever module puts files there). Paths are
 * checked against a strict pattern before any lookup, so nothing outside {@code web/} can be named. Files found are
 * kept in memory with a strong ETag; they are sent with {@code Cache-Control: no-cache}, so browsers revalidate
 * (the web client has no build step and hence no fingerprinted names) and get a cheap 304 when nothing changed.
 * Blocking on first read of a file: call it off the event loop. Thread-safe.
 */
final class StaticFiles {
    /** Segments of letters, digits, dot, dash and underscore, none starting with a dot: no "..", no hidden files. */
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_\\-][A-Za-z0-9._\\-]*)*/?");
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"));

    private record Asset(byte[] body, String contentType, String etag) {
    }

    private final ClassLoader loader;
    private final String root;
    private final ConcurrentHashMap<String, Asset> cache = new ConcurrentHashMap<>();

    /** @param root the class-path directory, without a trailing slash ("web") */
    StaticFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** Answers a GET or HEAD for the URL-decoded {@code path}. */
    FullHttpResponse serve(ByteBufAllocator alloc, String path, String ifNoneMatch, boolean head) {
        Asset asset = find(path);
        if (asset == null) {
            return Responses.text(alloc, HttpResponseStatus.NOT_FOUND, "Not found\n");
        }
        if (ifNoneMatch != null && (ifNoneMatch.equals(asset.etag()) || ifNoneMatch.equals("*"))) {
            FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            headers(notModified, asset);
            return notModified;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : alloc.buffer(asset.body().length).writeBytes(asset.body()));
        headers(response, asset);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, asset.body().length);
        return response;
    }

    private static void headers(FullHttpResponse response, Asset asset) {
        response.headers()
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("x-content-type-options", "nosniff");
    }

    private Asset find(String path) {
        if (path.length() > 512 || !path.startsWith("/") || !SAFE_PATH.matcher(path).matches()) {
            return null;
        }
        String name = root + (path.endsWith("/") ? path + "index.html" : path);
        Asset cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        // Misses are not cached: clients could fill memory with invented paths.
        Asset loaded = load(name);
        if (loaded != null) {
            cache.putIfAbsent(name, loaded);
        }
        return loaded;
    }

    private Asset load(String name) {
        URL url = loader.getResource(name);
        if (url == null || isDirectory(url)) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            byte[] body = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (body.length > MAX_FILE_BYTES) {
                return null;
            }
            return new Asset(body, contentType(name), etag(body));
        } catch (IOException e) {
            return null;
        }
    }

    /** Directories on the class path (in exploded builds) open as listings; they must not be served as files. */
    private static boolean isDirectory(URL url) {
        if (url.getPath().endsWith("/")) {
            return true;
        }
        if (!"file".equals(url.getProtocol())) {
            return false;
        }
        try {
            return Files.isDirectory(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return true;
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
