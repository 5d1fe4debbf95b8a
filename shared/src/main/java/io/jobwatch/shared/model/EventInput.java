package io.jobwatch.shared.model;


/**
 * What a request adds to an event: the fields of {@code POST /jobs/{id}/events} and of SETSTATUS.
 * Null means "not given".
 */
public record EventInput(String reason, Object result, Object error, Integer percent, String desc,
                         Long reserveForSeconds) {

  public static final EventInput NONE = new EventInput(null, null, null, null, null, null);

  public static EventInput progress(Integer percent, String desc, Long reserveForSeconds) {
    return new EventInput(null, null, null, percent, desc, reserveForSeconds);
  }
}
