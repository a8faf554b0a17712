/** Talks to a C2SP tlog-witness: POST <url>/add-checkpoint with a text body. */
export interface WitnessClient {
  addCheckpoint(url: string, body: string): Promise<{ readonly status: number; readonly body: string }>;
}
