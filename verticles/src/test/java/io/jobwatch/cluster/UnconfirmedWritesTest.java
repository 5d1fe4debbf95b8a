package io.jobwatch.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes applied but not confirmed by their backup: recognised, and repeated when safe to repeat. */
class UnconfirmedWritesTest {

  @Test
  void verifiesThatOnlyAWriteLeftUnconfirmedCountsWrappedOrNot() {
    IndeterminateOperationStateException unconfirmed = new IndeterminateOperationStateException("no backup ack");
    assertTrue(UnconfirmedWrites.isCause(unconfirmed));
    assertTrue(UnconfirmedWrites.isCause(new CompletionException(unconfirmed)));
    assertTrue(UnconfirmedWrites.isCause(new RuntimeException(new CompletionException(unconfirmed))));
    assertFalse(UnconfirmedWrites.isCause(new OperationTimeoutException("timed out")));
    assertFalse(UnconfirmedWrites.isCause(new IllegalStateException("closed")));
  }

  @Test
  void verifiesThatAWriteLeftUnconfirmedIsMadeAgainUntilItIsConfirmed() {
    AtomicInteger calls = new AtomicInteger();
    String answer = UnconfirmedWrites.repeat(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new IndeterminateOperationStateException("no backup ack");
      }
      return "stored";
    });
    assertEquals("stored", answer);
    assertEquals(3, calls.get());
  }

  @Test
  void verifiesThatTheFifthUnconfirmedAnswerIsThrownAndOtherFailuresAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThrows(IndeterminateOperationStateException.class, () -> UnconfirmedWrites.repeat(() -> {
      calls.incrementAndGet();
      throw new IndeterminateOperationStateException("no backup ack");
    }));
    assertEquals(5, calls.get());

    AtomicInteger other = new AtomicInteger();
    assertThrows(IllegalStateException.class, () -> UnconfirmedWrites.repeat(() -> {
      other.incrementAndGet();
      throw new IllegalStateException("closed");
    }));
    assertEquals(1, other.get());
  }
}
