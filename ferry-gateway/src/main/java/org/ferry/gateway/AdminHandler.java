package org.ferry.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.BooleanSupplier;

/**
 * The admin port's only handler: {@code GET /metrics} (Prometheus text), {@code GET /health} (200 while the
 * process runs) and {@code GET /ready} (200 while the node should get traffic, 503 otherwise). It runs on the
 * admin port's own event loop, so a scrape never competes with client traffic. Shareable and thread-safe.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;

    AdminHandler(PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.registry = registry;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = Responses.text(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "Bad request\n");
        } else if (!request.method().equals(HttpMethod.GET)) {
            response = Responses.text(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED, "Use GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        } else {
            response = switch (new QueryStringDecoder(request.uri()).path()) {
                case "/health" -> Responses.text(ctx.alloc(), HttpResponseStatus.OK, "ok\n");
                case "/ready" -> ready.getAsBoolean()
                        ? Responses.text(ctx.alloc(), HttpResponseStatus.OK, "ready\n")
                        : Responses.text(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
                case "/metrics" -> {
                    FullHttpResponse metrics = Responses.text(ctx.alloc(), HttpResponseStatus.OK, registry.scrape());
                    metrics.headers().set(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
                    yield metrics;
                }
                default -> Responses.text(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "Not found\n");
            };
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
