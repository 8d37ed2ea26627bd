package org.ferry.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.ferry.protocol.FerryException;

/**
 * The last handler of a data connection while it speaks HTTP: {@code GET /ws} upgrades it to a WebSocket (this
 * handler then leaves the pipeline, and the handshake removes the HTTP codec and aggregator, so an idle WebSocket
 * carries no HTTP state); {@code POST /api/{method}} goes to {@link HttpApi}; other GETs to {@link StaticFiles}.
 * Work that may block runs on the connection's {@link SerialQueue}, so pipelined requests are answered in order.
 * Not shareable; event loop only.
 */
final class HttpRouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String WEBSOCKET_PATH = "/ws";
    /** The name of the WebSocket protocol handler: present in a connection's pipeline once it is upgraded. */
    static final String WEBSOCKET_PROTOCOL = "ws-protocol";
    private static final String API_PREFIX = "/api/";

    private final DataChannelInitializer shared;
    private final SerialQueue queue;

    HttpRouterHandler(DataChannelInitializer shared, SerialQueue queue) {
        this.shared = shared;
        this.queue = queue;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx.channel(), Responses.text(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "Bad request\n"), false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (path.equals(WEBSOCKET_PATH)) {
            if (method.equals(HttpMethod.GET) && request.headers()
                    .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                upgrade(ctx, request);
            } else {
                send(ctx.channel(), Responses.text(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                        "WebSocket upgrade expected\n"), false);
            }
        } else if (path.startsWith(API_PREFIX)) {
            if (!method.equals(HttpMethod.POST)) {
                FullHttpResponse response = Responses.text(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                        "Use POST with a JSON object of params\n");
                response.headers().set(HttpHeaderNames.ALLOW, "POST");
                send(ctx.channel(), response, HttpUtil.isKeepAlive(request));
                return;
            }
            api(ctx, request, path.substring(API_PREFIX.length()));
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            staticFile(ctx, request, path);
        } else {
            FullHttpResponse response = Responses.text(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method not allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx.channel(), response, HttpUtil.isKeepAlive(request));
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        GatewayConfig config = shared.config();
        WebSocketServerProtocolConfig protocol = shared.webSocketConfig();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), WEBSOCKET_PROTOCOL, new WebSocketServerProtocolHandler(protocol));
        pipeline.addAfter(WEBSOCKET_PROTOCOL, "ws-aggregator", new WebSocketFrameAggregator(config.maxFrameBytes()));
        pipeline.addAfter("ws-aggregator", "ws-frames", new WebSocketFrameHandler(shared.dispatcher(),
                shared.writer(), queue, address(ctx.channel()), config.maxFrameBytes()));
        ctx.fireChannelRead(request.retain());
        pipeline.remove(this);
    }

    private void api(ChannelHandlerContext ctx, FullHttpRequest request, String method) {
        Channel channel = ctx.channel();
        byte[] body = ByteBufUtil.getBytes(request.content());
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String remote = address(channel);
        // A sign-up flood is turned away here, before a thread or a parse (see WebSocketFrameHandler.shed).
        int shed = shared.dispatcher().rpc().shedding() ? shared.dispatcher().rpc().shedSeconds(method) : 0;
        if (shed > 0) {
            shared.writer().metrics().rejected(org.ferry.protocol.ErrorCode.FLOOD_WAIT);
            send(channel, HttpApi.respond(ctx.alloc(), new Reply.Failed(FerryException.floodWait(shed))), keepAlive);
            return;
        }
        if (!queue.offer(() -> send(channel, shared.api().call(channel.alloc(), remote, method, authorization, body),
                keepAlive), body.length)) {
            shared.writer().metrics().rejected(org.ferry.protocol.ErrorCode.FLOOD_WAIT);
            send(channel, HttpApi.respond(ctx.alloc(), new Reply.Failed(FerryException.floodWait(1))), keepAlive);
        }
    }

    private void staticFile(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        Channel channel = ctx.channel();
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        boolean head = request.method().equals(HttpMethod.HEAD);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!queue.offer(() -> send(channel, shared.files().serve(channel.alloc(), path, ifNoneMatch, head),
                keepAlive), 0)) {
            send(channel, Responses.text(ctx.alloc(), HttpResponseStatus.TOO_MANY_REQUESTS, "Too many requests\n"),
                    false);
        }
    }

    private static void send(Channel channel, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = channel.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static String address(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        shared.connectionFailed(ctx.channel(), cause);
    }
}
