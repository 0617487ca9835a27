import json,sys,glob
for f in sorted(glob.glob('/tmp/dumps/*.crashreport.json')):
    r=json.load(open(f)); p=r['payload']
    for t in p['threads']:
        if str(t.get('crashed')).lower()=='true':
            print(f, 'thread', t['native_thread_id'], t.get('managed_exception'))
            for fr in t['stack_frames'][:int(sys.argv[1]) if len(sys.argv)>1 else 25]:
                print('  ', fr.get('native_module') or fr.get('filename'), '|', fr.get('method_name') or fr.get('unmanaged_name'))
