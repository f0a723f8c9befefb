; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [51 x i8] c"f() takes 1 positional argument but %zd were given\00", align 1
@.str.1 = private unnamed_addr constant [28 x i8] c"expected a tuple of 2 items\00", align 1

@PyExc_TypeError = external global ptr
declare double @PyFloat_AsDouble(ptr)
declare double @llvm.sqrt.f64(double) #0
declare i32 @PyTuple_SetItem(ptr, i64, ptr)
declare i64 @PyTuple_Size(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyEval_SaveThread()
declare ptr @PyFloat_FromDouble(double)
declare ptr @PyTuple_GetItem(ptr, i64)
declare ptr @PyTuple_New(i64)
declare void @PyErr_SetString(ptr, ptr)
declare void @PyEval_RestoreThread(ptr)
declare void @Py_DecRef(ptr)

define i32 @nj_m_root__UniTuple_float64_x_2(ptr noalias nocapture %ret, ptr noalias nocapture %exc, [2 x double] %a0) #0 {
entry:
  %"v.t" = alloca [2 x double]
  %"v.$0" = alloca double
  %"v.a" = alloca double
  %"v.$1" = alloca double
  %"v.b" = alloca double
  %"v.$2" = alloca i8
  %"v.$3" = alloca i8
  %"v.$4" = alloca double
  %"v.$5" = alloca double
  %"v.$6" = alloca double
  %"v.$7" = alloca double
  %"v.$8" = alloca i8
  %"v.$9" = alloca double
  %"v.$10" = alloca [2 x double]
  br label %B0
B0:
  store [2 x double] %a0, ptr %"v.t"
  %t0 = load [2 x double], ptr %"v.t"
  %t1 = extractvalue [2 x double] %t0, 0
  store double %t1, ptr %"v.$0"
  %t2 = load double, ptr %"v.$0"
  store double %t2, ptr %"v.a"
  %t3 = load [2 x double], ptr %"v.t"
  %t4 = extractvalue [2 x double] %t3, 1
  store double %t4, ptr %"v.$1"
  %t5 = load double, ptr %"v.$1"
  store double %t5, ptr %"v.b"
  store i8 0, ptr %"v.$2"
  store i8 0, ptr %"v.$3"
  %t6 = load double, ptr %"v.a"
  %t7 = load double, ptr %"v.a"
  %t8 = fmul double %t6, %t7
  store double %t8, ptr %"v.$4"
  %t9 = load double, ptr %"v.b"
  %t10 = load double, ptr %"v.b"
  %t11 = fmul double %t9, %t10
  store double %t11, ptr %"v.$5"
  %t12 = load double, ptr %"v.$4"
  %t13 = load double, ptr %"v.$5"
  %t14 = fadd double %t12, %t13
  store double %t14, ptr %"v.$6"
  %t15 = load double, ptr %"v.$6"
  %t16 = call double @llvm.sqrt.f64(double %t15)
  store double %t16, ptr %"v.$7"
  store i8 0, ptr %"v.$8"
  %t17 = load double, ptr %"v.a"
  %t18 = load double, ptr %"v.b"
  %t19 = fcmp ogt double %t18, %t17
  %t20 = select i1 %t19, double %t18, double %t17
  store double %t20, ptr %"v.$9"
  %t21 = load double, ptr %"v.$7"
  %t22 = load double, ptr %"v.$9"
  %t23 = insertvalue [2 x double] undef, double %t21, 0
  %t24 = insertvalue [2 x double] %t23, double %t22, 1
  store [2 x double] %t24, ptr %"v.$10"
  %t25 = load [2 x double], ptr %"v.$10"
  store [2 x double] %t25, ptr %ret
  ret i32 0
}

define ptr @nj_entry_m_root__UniTuple_float64_x_2(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 1
  br i1 %t0, label %unbox, label %badargs
badargs:
  %t1 = load ptr, ptr @PyExc_TypeError
  call ptr (ptr, ptr, ...) @PyErr_Format(ptr %t1, ptr @.str.0, i64 %nargs)
  ret ptr null
unbox:
  %t2 = getelementptr inbounds ptr, ptr %args, i64 0
  %t3 = load ptr, ptr %t2
  %t4 = call i64 @PyTuple_Size(ptr %t3)
  %t5 = icmp slt i64 %t4, 0
  br i1 %t5, label %fail.0, label %ok.1
fail.0:
  ret ptr null
ok.1:
  %t6 = icmp ne i64 %t4, 2
  br i1 %t6, label %badlen.2, label %ok.3
badlen.2:
  %t7 = load ptr, ptr @PyExc_TypeError
  call void @PyErr_SetString(ptr %t7, ptr @.str.1)
  ret ptr null
ok.3:
  %t8 = call ptr @PyTuple_GetItem(ptr %t3, i64 0)
  %t9 = call double @PyFloat_AsDouble(ptr %t8)
  %t10 = fcmp oeq double %t9, -1.0
  br i1 %t10, label %check.4, label %ok.5
check.4:
  %t11 = call ptr @PyErr_Occurred()
  %t12 = icmp ne ptr %t11, null
  br i1 %t12, label %check.4.fail, label %ok.5
check.4.fail:
  ret ptr null
ok.5:
  %t13 = insertvalue [2 x double] undef, double %t9, 0
  %t14 = call ptr @PyTuple_GetItem(ptr %t3, i64 1)
  %t15 = call double @PyFloat_AsDouble(ptr %t14)
  %t16 = fcmp oeq double %t15, -1.0
  br i1 %t16, label %check.6, label %ok.7
check.6:
  %t17 = call ptr @PyErr_Occurred()
  %t18 = icmp ne ptr %t17, null
  br i1 %t18, label %check.6.fail, label %ok.7
check.6.fail:
  ret ptr null
ok.7:
  %t19 = insertvalue [2 x double] %t13, double %t15, 1
  %t20 = alloca [2 x double]
  %t21 = alloca ptr
  store ptr null, ptr %t21
  %t22 = call ptr @PyEval_SaveThread()
  %t23 = call i32 @nj_m_root__UniTuple_float64_x_2(ptr %t20, ptr %t21, [2 x double] %t19)
  call void @PyEval_RestoreThread(ptr %t22)
  %t24 = icmp ne i32 %t23, 0
  br i1 %t24, label %raise, label %box
raise:
  unreachable
box:
  %t25 = load [2 x double], ptr %t20
  %t26 = call ptr @PyTuple_New(i64 2)
  %t27 = icmp eq ptr %t26, null
  br i1 %t27, label %fail.8, label %ok.9
fail.8:
  ret ptr null
ok.9:
  %t28 = extractvalue [2 x double] %t25, 0
  %t29 = call ptr @PyFloat_FromDouble(double %t28)
  %t30 = icmp eq ptr %t29, null
  br i1 %t30, label %boxfail.10, label %ok.11
boxfail.10:
  call void @Py_DecRef(ptr %t26)
  ret ptr null
ok.11:
  %t31 = call i32 @PyTuple_SetItem(ptr %t26, i64 0, ptr %t29)
  %t32 = extractvalue [2 x double] %t25, 1
  %t33 = call ptr @PyFloat_FromDouble(double %t32)
  %t34 = icmp eq ptr %t33, null
  br i1 %t34, label %boxfail.12, label %ok.13
boxfail.12:
  call void @Py_DecRef(ptr %t26)
  ret ptr null
ok.13:
  %t35 = call i32 @PyTuple_SetItem(ptr %t26, i64 1, ptr %t33)
  ret ptr %t26
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
