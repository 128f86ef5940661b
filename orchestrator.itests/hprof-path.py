#!/usr/bin/env python3
# Prints the shortest chain of references from a GC root to the class loader a failed hot-swap test
# left behind (the test stores it in Bundles.suspect while it writes the heap dump).
# Usage: orchestrator.itests/hprof-path.py target/leak-....hprof
import sys, struct, mmap, collections
f=open(sys.argv[1],'rb'); m=mmap.mmap(f.fileno(),0,access=mmap.ACCESS_READ)
end=m.find(b'\0'); pos=end+1
idsize=struct.unpack('>I',m[pos:pos+4])[0]; pos+=12
rid=(lambda o: struct.unpack('>Q',m[o:o+8])[0]) if idsize==8 else (lambda o: struct.unpack('>I',m[o:o+4])[0])
SZ={2:idsize,4:1,5:2,6:4,7:8,8:1,9:2,10:4,11:8}
strings={}; classname={}; classes={}; inst={}; arrs={}; roots={}
while pos < len(m):
    tag=m[pos]; length=struct.unpack('>I',m[pos+5:pos+9])[0]; body=pos+9; pos=body+length
    if tag==0x01:
        strings[rid(body)]=m[body+idsize:body+length].decode('utf8','replace')
    elif tag==0x02:
        classname[rid(body+4)]=rid(body+8+idsize)
    elif tag in (0x0c,0x1c):
        p=body; e=body+length
        while p<e:
            st=m[p]; p+=1
            if st==0xff: roots[rid(p)]='unknown'; p+=idsize
            elif st==0x01: roots[rid(p)]='jni global'; p+=2*idsize
            elif st==0x02: roots[rid(p)]='jni local'; p+=idsize+8
            elif st==0x03: roots[rid(p)]='java frame'; p+=idsize+8
            elif st==0x04: roots[rid(p)]='native stack'; p+=idsize+4
            elif st==0x05: roots[rid(p)]='sticky class'; p+=idsize
            elif st==0x06: roots[rid(p)]='thread block'; p+=idsize+4
            elif st==0x07: roots[rid(p)]='monitor'; p+=idsize
            elif st==0x08: roots[rid(p)]='thread object'; p+=idsize+8
            elif st==0x20:
                cid=rid(p); sup=rid(p+4+idsize); loader=rid(p+4+2*idsize)
                q=p+4+7*idsize+4
                cp=struct.unpack('>H',m[q:q+2])[0]; q+=2
                for _ in range(cp):
                    t=m[q+2]; q+=3+SZ[t]
                ns=struct.unpack('>H',m[q:q+2])[0]; q+=2
                statics=[]
                for _ in range(ns):
                    name=rid(q); t=m[q+idsize]; q+=idsize+1
                    if t==2: statics.append((name,rid(q)))
                    q+=SZ[t]
                nf=struct.unpack('>H',m[q:q+2])[0]; q+=2
                fields=[]
                for _ in range(nf):
                    fields.append((rid(q),m[q+idsize])); q+=idsize+1
                classes[cid]=(sup,loader,statics,fields); p=q
            elif st==0x21:
                oid=rid(p); cid=rid(p+4+idsize); n=struct.unpack('>I',m[p+4+2*idsize:p+8+2*idsize])[0]
                inst[oid]=(cid,p+8+2*idsize); p+=8+2*idsize+n
            elif st==0x22:
                oid=rid(p); n=struct.unpack('>I',m[p+4+idsize:p+8+idsize])[0]
                arrs[oid]=(p+8+2*idsize,n,rid(p+8+idsize)); p+=8+2*idsize+n*idsize
            elif st==0x23:
                n=struct.unpack('>I',m[p+4+idsize:p+8+idsize])[0]; t=m[p+8+idsize]; p+=9+idsize+n*SZ[t]
            else:
                raise SystemExit('unknown subtag %x'%st)
print('parsed', len(inst),'instances', len(classes),'classes', file=sys.stderr)
def cname(cid): return strings.get(classname.get(cid),'?%x'%cid)
target=None
for cid,(sup,loader,statics,fields) in classes.items():
    if cname(cid)=='dev/orchestrator/itests/Bundles':
        for name,val in statics:
            if strings.get(name)=='suspect': target=val
print('target loader', hex(target) if target else None, file=sys.stderr)
def edges(o):
    if o in classes:
        sup,loader,statics,fields=classes[o]
        for name,val in statics:
            if val and strings.get(name)!='suspect': yield val,'static '+strings.get(name,'?')
        if loader: yield loader,'<loader>'
        if sup: yield sup,'<super>'
    elif o in inst:
        cid,off=inst[o]
        yield cid,'<class>'
        c=cid
        while c and c in classes:
            sup,loader,statics,fields=classes[c]
            weak = cname(c) == 'java/lang/ref/Reference'
            for name,t in fields:
                if t==2:
                    v=rid(off)
                    # Reference.referent does not keep anything alive
                    if v and not (weak and strings.get(name) == 'referent'): yield v,strings.get(name,'?')
                off+=SZ[t]
            c=sup
    elif o in arrs:
        off,n,_=arrs[o]
        for i in range(n):
            v=rid(off+i*idsize)
            if v: yield v,'[%d]'%i
def desc(o):
    if o in classes: return 'class '+cname(o)
    if o in inst: return cname(inst[o][0])
    if o in arrs: return cname(arrs[o][2])
    return '?'
parent={}
dq=collections.deque()
for r,kind in roots.items():
    # the failing test itself holds the loader in a local variable while it dumps: not the leak
    if r == target and kind == 'java frame':
        continue
    if r not in parent: parent[r]=(None,'root '+kind); dq.append(r)
found=False
while dq:
    o=dq.popleft()
    if o==target: found=True; break
    for v,label in edges(o):
        if v not in parent:
            parent[v]=(o,label); dq.append(v)
if not found: print('target not reachable from roots'); sys.exit()
chain=[]; o=target
while o is not None:
    p,label=parent[o]; chain.append((desc(o),label)); o=p
for d,l in reversed(chain): print('  via %-30s -> %s'%(l,d))
