/** The vioemu fabric: simulation kernel, synchronization, transport and cluster runtime. */
package io.vioemu.fabric;
