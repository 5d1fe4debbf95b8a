package io.jobwatch.shared.protocol;

import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.Job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code JOB_STATUS_UPDATED} message of PROTOCOL.md §3, built once by the node that made the
 * change and sent as it is to every socket that follows the job. Besides {@code jobId} and
 * {@code data} it carries {@code seq}, {@code attempt} and {@code removed} ahead of the job, so a
 * gateway routes it without reading the job.
 */
public final class JobStatusFrame {
  private JobStatusFrame() {
  }

  public static byte[] of(Job job, byte[] jobJson, boolean removed) {
    return of(job.jobId, job.seq, job.attempt, jobJson, removed);
  }

  public static byte[] of(String jobId, long seq, int attempt, byte[] jobJson, boolean removed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(jobJson.length + 128);
    out.writeBytes(ascii("{\"type\":\"JOB_STATUS_UPDATED\",\"jobId\":"));
    out.writeBytes(Json.bytes(jobId));
    out.writeBytes(ascii(",\"seq\":" + seq + ",\"attempt\":" + attempt + ",\"removed\":" + removed
        + ",\"data\":"));
    out.writeBytes(jobJson);
    out.write('}');
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
