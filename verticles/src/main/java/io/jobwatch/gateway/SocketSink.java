package io.jobwatch.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * Writes text frames to a socket's channel directly and flushes once per round of writes.
 * Vert.x's own write flushes every frame (one system call each) unless it runs inside the
 * socket's read; a socket here is written from timers and other sockets' events, so a catching-up
 * socket would cost a system call per event. Frames are shared byte arrays, wrapped per write,
 * never copied per socket. Since these writes bypass Vert.x's write queue, its drain handler
 * never fires for them: the sink hears of the channel turning writable itself. Used on the
 * socket's event loop only.
 */
final class SocketSink implements Outbox.Sink {
  private final ServerWebSocket ws;
  private final ChannelHandlerContext channel;

  SocketSink(ServerWebSocket ws, Runnable writableAgain) {
    this.ws = ws;
    this.channel = ((WebSocketInternal) ws).channelHandlerContext();
    channel.pipeline().addBefore(channel.name(), "jobwatch-writable", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          writableAgain.run();
        }
        ctx.fireChannelWritabilityChanged();
      }
    });
  }

  @Override
  public boolean writable() {
    return !ws.isClosed() && channel.channel().isWritable();
  }

  @Override
  public void write(byte[] frame) {
    // A write to a connection that just closed fails quietly; the close handler ends the session.
    channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
  }

  @Override
  public void flush() {
    channel.flush();
  }
}
