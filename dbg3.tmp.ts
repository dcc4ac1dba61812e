import { runOk } from './src/scenario/lab';
const r = runOk({version:1,title:'x',kernel:{variant:'v6.18'},memory:{ranges:[{start:0,end:'0x1000000',type:'ram'}]},processes:[{name:'A'}],steps:[{op:'mmap',proc:'A',addr:'0x40000000',length:'0x1800000',prot:['read','write'],shared:true,backing:{type:'devmem',openMode:'rdwr'},offset:'0x100000'},{op:'fork',proc:'A',child:'B'}]});
for (const e of r.steps[2]!.events) console.log(JSON.stringify(e).slice(0,160));
