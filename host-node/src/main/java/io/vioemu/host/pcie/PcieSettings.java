package io.vioemu.host.pcie;

/**
 * A NIC's PCIe link and the sizes its DMA engine works with.
 *
 * @param bitsPerSec what each direction carries at the transaction layer: lanes times rate after
 *     line encoding, less the link's own traffic (acknowledgements, flow-control updates, clock
 *     compensation)
 * @param tlpOverheadBytes what every transaction-layer packet adds to its payload on the link
 * @param maxPayloadBytes the largest payload of a write or a read completion (MPS)
 * @param maxReadRequestBytes the largest read one request may ask for (MRRS)
 * @param rxBufferBytes the NIC's receive packet buffer: frames waiting for their DMA beyond it are
 *     dropped
 */
public record PcieSettings(
    long bitsPerSec,
    int tlpOverheadBytes,
    int maxPayloadBytes,
    int maxReadRequestBytes,
    long rxBufferBytes) {

  /**
   * PCIe 2.0 x8 (the Intel 82599's link): 5 GT/s x 8 lanes x 8/10 (8b/10b encoding) = 32 Gb/s, less
   * ACK and flow-control DLLPs at the rates the PCIe Base Specification recommends for x8 with a
   * 256-byte MPS (8 bytes every 158 each) and SKP ordered sets (4 bytes every 1538): 32 x (1 -
   * 8/158 - 8/158 - 4/1538) = 28.68 Gb/s. The overheads are those of the pcie-model of Neugebauer
   * et al., "Understanding PCIe performance for end host networking", ACM SIGCOMM 2018
   * (github.com/pcie-bench/pcie-model, model/pcie.py, checked).
   */
  public static final long GEN2_X8_BITS_PER_SEC = 28_676_000_000L;

  /**
   * A memory write or read request with a 64-bit address, no ECRC: 2 bytes of framing, 2 of
   * sequence number and 4 of LCRC (the data link layer), 4 of generic TLP header and 12 of request
   * header. Same source as {@link #GEN2_X8_BITS_PER_SEC}; a completion's header is 4 bytes shorter,
   * which this charges it too (a bound, not a difference that matters at these sizes).
   */
  public static final int TLP_OVERHEAD_BYTES = 24;

  /** MPS 256 and MRRS 512: the configuration the pcie-model's NIC estimates use (nic_bw.py). */
  public static final int MAX_PAYLOAD_BYTES = 256;

  public static final int MAX_READ_REQUEST_BYTES = 512;

  /** Intel 82599 10 GbE Controller Datasheet: a 512 KB receive packet buffer (recalled). */
  public static final long RX_BUFFER_BYTES = 512 * 1024;

  public PcieSettings {
    if (bitsPerSec <= 0
        || tlpOverheadBytes < 0
        || maxPayloadBytes <= 0
        || maxReadRequestBytes <= 0
        || rxBufferBytes <= 0) {
      throw new IllegalArgumentException("PCIe link settings out of range: " + this);
    }
  }

  /** A gen2 x8 link with the given rate and TLP overhead, other sizes as above. */
  public static PcieSettings of(long bitsPerSec, int tlpOverheadBytes) {
    return new PcieSettings(
        bitsPerSec, tlpOverheadBytes, MAX_PAYLOAD_BYTES, MAX_READ_REQUEST_BYTES, RX_BUFFER_BYTES);
  }

  public static PcieSettings gen2x8() {
    return of(GEN2_X8_BITS_PER_SEC, TLP_OVERHEAD_BYTES);
  }
}
