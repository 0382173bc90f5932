package io.vioemu.guest.migration;

/** What a migration model calls out to: the stream that carries its bytes, and the VM. */
public interface MigrationPorts {

  /**
   * Moves {@code bytes} from the source host to the destination, starting no earlier than {@code
   * notBeforePs}; the model's {@code onSent} is called once the last of them has arrived. One send
   * at a time: the model waits for it before handing over the next.
   */
  void send(long bytes, long notBeforePs);

  /** Stops the VM's vCPUs and its devices at the source (the start of the downtime). */
  void pauseVm(long nowPs);

  /** Starts the VM at the destination at {@code atPs} (the end of the downtime). */
  void resumeVm(long atPs);

  /**
   * The rounds are over: what must happen before the VM stops (a bonded VM's VF leaves now when it
   * stayed through the rounds). Returns when stop-and-copy may begin, {@code nowPs} at once.
   */
  default long beforeStopAndCopy(long nowPs) {
    return nowPs;
  }
}
