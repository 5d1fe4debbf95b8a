package io.jobwatch.gateway;

import io.netty.buffer.ByteBuf;
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
 * socket would cost a system call per event. Small frames are framed here (a server's frames are
 * unmasked and the socket has no extension) into one buffer per round, handed to the channel
 * when it holds {@link #PUSH_AT} bytes or on {@link #push}: one buffer and one trip through the
 * pipeline for many frames instead of two buffers and a trip each. Since these writes bypass
 * Vert.x's write queue, its drain handler never fires for them: the sink hears of the channel
 * turning writable itself. Used on the socket's event loop only.
 */
final class SocketSink implements Outbox.Sink {
  /** Held back at most this much, so the channel's writability still paces the writer. */
  private static final int PUSH_AT = 16 * 1024;
  private static final int FIN_TEXT = 0x81;

  private final ServerWebSocket ws;
  private final ChannelHandlerContext channel;
  private ByteBuf held;

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
    if (frame.length > PUSH_AT - 4) {
      push();
      channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
      return;
    }
    if (held != null && held.readableBytes() + frame.length + 4 > PUSH_AT) {
      push();
    }
    if (held == null) {
      held = channel.alloc().directBuffer(Math.max(1024, frame.length + 4), PUSH_AT);
    }
    held.writeByte(FIN_TEXT);
    if (frame.length < 126) {
      held.writeByte(frame.length);
    } else {
      held.writeByte(126).writeShort(frame.length);
    }
    held.writeBytes(frame);
  }

  @Override
  public void push() {
    if (held != null) {
      ByteBuf out = held;
      held = null;
      channel.write(out);
    }
  }

  @Override
  public void flush() {
    push();
    channel.flush();
  }
}
