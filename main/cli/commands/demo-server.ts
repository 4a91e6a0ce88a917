// `demo-server`: the Festime simulator on 127.0.0.1, for the demo and for trying things safely.
import type { Command } from 'commander';
import { createSimulator, FAULT_KINDS, type Fault, type FaultKind } from '../../core/festime/simulator/server';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../../core/festime/simulator/state';
import { PortInUseError } from '../../core/errors';
import { usage, type CliIO, type Out } from '../io';

export const DEMO_PORT = 8765;

export function registerDemoServer(program: Command, _io: CliIO, out: Out): void {
  program
    .command('demo-server')
    .description(out.t('cli.cmd.demoServer'))
    .option('--port <n>', out.t('cli.opt.port', { port: DEMO_PORT }), String(DEMO_PORT))
    .option('--data <file>', out.t('cli.opt.data'))
    .option('--fault <kind>', out.t('cli.opt.fault', { kinds: FAULT_KINDS.join(', ') }), (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (opts: { port: string; data?: string; fault: string[] }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw usage(out, 'cli.msg.badChoice', { option: '--port', value: opts.port, choices: '0–65535' });
      const faults: Fault[] = opts.fault.map((spec) => {
        const [kind = '', fonction] = spec.split(':');
        if (!(FAULT_KINDS as readonly string[]).includes(kind))
          throw usage(out, 'cli.msg.badChoice', { option: '--fault', value: kind, choices: FAULT_KINDS.join(', ') });
        return { kind: kind as FaultKind, ...(fonction ? { fonction } : {}) };
      });
      const sim = createSimulator(opts.data ? { dataFile: opts.data } : {});
      sim.setFaults(faults);
      const url = await sim.listen(port).catch((error: unknown) => {
        // Another program (often a demo server still running) has the port: say so, and what to do.
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port);
        throw error;
      });
      out.line(out.t('cli.msg.demoStarted', { url }));
      out.line(out.t('cli.msg.demoAccount', { login: DEMO_LOGIN, password: DEMO_PASSWORD }));
      if (faults.length > 0) out.line(out.t('cli.msg.demoFaults', { faults: opts.fault.join(', ') }));
      out.line(out.t('cli.msg.demoTry'));
      out.line(`  festime-desk --server ${url} --login ${DEMO_LOGIN} login`);
      out.line(`  festime-desk --server ${url} --login ${DEMO_LOGIN} fetch --since $(date -d '-7 days' +%F)`);
      out.line(out.t('cli.msg.demoStop'));
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
