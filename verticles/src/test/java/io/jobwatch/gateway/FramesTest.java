package io.jobwatch.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's frames as clients parse them. */
class FramesTest {

  private static JsonObject parse(byte[] frame) {
    return new JsonObject(new String(frame, StandardCharsets.UTF_8));
  }

  @Test
  void verifiesThatAReplyCarriesTheCallsNumericIdTheStatusAndTheBodyAsData() {
    JsonObject reply = parse(Frames.reply(7, 200, Buffer.buffer("{\"jobId\":\"j\",\"desc\":\"\u00e9t\u00e9\"}")));
    assertEquals(new JsonObject().put("type", "reply").put("id", 7).put("status", 200)
        .put("data", new JsonObject().put("jobId", "j").put("desc", "\u00e9t\u00e9")), reply);
    assertEquals(12_345_678_901L, parse(Frames.reply(12_345_678_901L, 201, Buffer.buffer("{}"))).getLong("id"));
  }

  @Test
  void verifiesThatAStringIdIsEscapedAsJson() {
    JsonObject reply = parse(Frames.reply("a \"quoted\" \\ id", 409, Buffer.buffer("{\"error\":\"conflict\"}")));
    assertEquals("a \"quoted\" \\ id", reply.getString("id"));
    assertEquals(409, reply.getInteger("status"));
    assertEquals("conflict", reply.getJsonObject("data").getString("error"));
  }

  @Test
  void verifiesThatAnEmptyBodyIsNullData() {
    JsonObject reply = parse(Frames.reply(1, 204, Buffer.buffer()));
    assertNull(reply.getValue("data"));
    assertTrue(reply.containsKey("data"));
  }
}
