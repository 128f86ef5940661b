// The official JavaScript client (@kubernetes/client-node) against an all-in-one, driven by
// OfficialClientsE2E: node official-clients.mjs <kubeconfig> <namespace>. Prints "ok <step>" per
// step that passed; any failure exits non-zero with the reason.
import * as k8s from '@kubernetes/client-node';

const [kubeconfig, namespace] = process.argv.slice(2);
const loaded = new k8s.KubeConfig();
loaded.loadFromFile(kubeconfig);
// Over HTTPS (as ./orch up serves) the kubeconfig is used as it is: the cluster's CA and the admin's client
// certificate. A plain-HTTP cluster (development mode) this client only speaks to when it is marked
// skipTLSVerify, so such a configuration is marked so.
const plain = loaded.clusters.some((c) => c.server.startsWith('http://'));
const kc = plain ? new k8s.KubeConfig() : loaded;
if (plain) {
  kc.loadFromOptions({
    clusters: loaded.clusters.map((c) => ({ ...c, skipTLSVerify: true })),
    users: loaded.users,
    contexts: loaded.contexts,
    currentContext: loaded.currentContext,
  });
}
const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function listWithContinue() {
  for (const name of ['js-a', 'js-b', 'js-c']) {
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels: { app: 'js' } }, data: { n: name } } });
  }
  const names = [];
  let token;
  let pages = 0;
  do {
    const page = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app=js', limit: 2, _continue: token });
    names.push(...page.items.map((c) => c.metadata.name));
    token = page.metadata._continue;
    pages++;
  } while (token);
  check(pages === 2 && names.join(',') === 'js-a,js-b,js-c', `pages=${pages} names=${names}`);
  console.log('ok list-with-continue');
}

async function watch() {
  const list = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app=js' });
  const seen = [];
  let abort;
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch saw ${seen} in 30 s`)), 30000);
    new k8s.Watch(kc).watch(`/api/v1/namespaces/${namespace}/configmaps`,
      { resourceVersion: list.metadata.resourceVersion, labelSelector: 'app=js', allowWatchBookmarks: true },
      (type, obj) => {
        seen.push(`${type}:${obj.metadata.name}`);
        if (type === 'ADDED' && obj.metadata.name === 'js-watched') {
          clearTimeout(timer);
          resolve();
        }
      },
      (err) => { if (err && err.name !== 'AbortError') { clearTimeout(timer); reject(err); } })
      .then((controller) => { abort = controller; }, reject);
  });
  await new Promise((r) => setTimeout(r, 200)); // the watch is open before the object it waits for is made
  await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'js-watched', labels: { app: 'js' } } } });
  await done;
  if (abort) {
    abort.abort();
  }
  console.log('ok watch');
}

async function patches() {
  const merge = await core.patchNamespacedConfigMap({ namespace, name: 'js-a', body: { data: { merged: 'yes' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  check(merge.data.merged === 'yes' && merge.data.n === 'js-a', JSON.stringify(merge.data));
  const json = await core.patchNamespacedConfigMap({ namespace, name: 'js-a',
    body: [{ op: 'replace', path: '/data/n', value: 'patched' }] },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch));
  check(json.data.n === 'patched', JSON.stringify(json.data));
  const strategic = await core.patchNamespacedConfigMap({ namespace, name: 'js-a', body: { metadata: { labels: { tier: 'x' } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
  check(strategic.metadata.labels.tier === 'x' && strategic.metadata.labels.app === 'js', JSON.stringify(strategic.metadata));
  console.log('ok patch');
}

async function status() {
  const deployment = await apps.createNamespacedDeployment({ namespace, body: {
    metadata: { name: 'js-web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'js-web' } },
      template: { metadata: { labels: { app: 'js-web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  } });
  deployment.status = { observedGeneration: 1, replicas: 0, conditions: [{ type: 'Progressing', status: 'True', reason: 'FromJs' }] };
  const replaced = await apps.replaceNamespacedDeploymentStatus({ namespace, name: 'js-web', body: deployment });
  check(replaced.status.conditions[0].reason === 'FromJs', JSON.stringify(replaced.status));
  const read = await apps.readNamespacedDeploymentStatus({ namespace, name: 'js-web' });
  check(read.status.conditions[0].reason === 'FromJs', JSON.stringify(read.status));
  console.log('ok status');
}

async function remove() {
  const status = await core.deleteNamespacedConfigMap({ namespace, name: 'js-b' });
  check(status.status === 'Success' && status.details.name === 'js-b', JSON.stringify(status));
  console.log('ok delete');
}

try {
  await listWithContinue();
  await watch();
  await patches();
  await status();
  await remove();
} catch (e) {
  console.error('failed:', e && e.body ? JSON.stringify(e.body) : e);
  process.exit(1);
}
